"""The manager's RPC endpoint: every method the API may call."""
import math
import socket

from oslo_log import log as logging
import oslo_messaging as messaging

from promise import exceptions
from promise import version
from promise.db import api as db_api
from promise.manager import adjustments
from promise.manager import capacity
from promise.manager import rpcapi

LOG = logging.getLogger(__name__)


class ManagerEndpoint:
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, host=None, leases=None, capacity_freed=None):
        self.host = host or socket.gethostname()
        self.leases = leases
        # Reservations missing resources may fit in what was given back.
        self.capacity_freed = capacity_freed or (lambda: None)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_lease(self, context, values):
        return self.leases.create(context, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def update_lease(self, context, lease_id, values):
        result = self.leases.update(context, lease_id, values)
        self.capacity_freed()
        return result

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_lease(self, context, lease_id):
        result = self.leases.delete(context, lease_id)
        self.capacity_freed()
        return result

    @messaging.expected_exceptions(exceptions.PromiseException)
    def capacity(self, context, start, end, scope, classes=None,
                 timeline=False):
        # Open-ended windows travel as None: JSON has no infinity.
        end = math.inf if end is None else end
        with db_api.reader() as session:
            return capacity.query(session, start, end, scope, classes,
                                  timeline)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def utilization(self, context, window, lease_ids):
        with db_api.reader() as session:
            return capacity.utilization(session, window, lease_ids)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_adjustment(self, context, values):
        result = adjustments.create(context, values)
        self.capacity_freed()  # an increase adds capacity
        return result

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_adjustment(self, context, adjustment_id, force=False):
        result = adjustments.delete(context, adjustment_id, force)
        self.capacity_freed()
        return result

    @messaging.expected_exceptions(exceptions.PromiseException)
    def availability(self, context, request):
        return self.leases.availability(context, request)

    def ping(self, context):
        return {'host': self.host,
                'version': version.version_info.version_string(),
                'rpc_api_version': rpcapi.RPC_API_VERSION}
