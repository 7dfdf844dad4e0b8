"""Versioned RPC client of the manager, used by the API.

History of the RPC API:
    1.0 - ping, create_lease, update_lease, delete_lease, capacity,
          utilization, availability, create_adjustment,
          delete_adjustment
"""
import oslo_messaging as messaging

from promise import exceptions
from promise import rpc
from promise.conf import CONF
from promise.db import unreachable
from promise.i18n import _

RPC_API_VERSION = '1.0'


class ClientBase:
    """An RPC client of one of the manager's endpoints: same transport and
    topic, its own namespace and version history, and the error mapping
    every caller needs (timeouts and broker trouble become 503)."""

    namespace = None
    version = RPC_API_VERSION

    def __init__(self, timeout=None):
        target = messaging.Target(topic=CONF.manager.topic,
                                  namespace=self.namespace,
                                  version=self.version)
        self._client = rpc.get_client(
            target, version_cap=self.version,
            timeout=timeout or CONF.api.rpc_response_timeout)
        # Start opening the reply queue now, not under the first requests.
        rpc.reply_channel_ready(0)

    def _call(self, context, method, **kwargs):
        # The broker gets as long as the manager would to answer.
        if not rpc.reply_channel_ready(CONF.api.rpc_response_timeout):
            raise exceptions.ManagerUnavailable(
                reason=_('the message broker is unreachable'))
        # A bounded number of connection retries: with the broker down the
        # caller gets a 503 rather than a request that hangs forever.
        cctxt = self._client.prepare(version=self.version, retry=2)
        try:
            return cctxt.call(context, method, **kwargs)
        except messaging.MessagingTimeout:
            raise exceptions.ManagerUnavailable(
                reason=_('no answer within %ss') %
                CONF.api.rpc_response_timeout)
        except messaging.MessageDeliveryFailure as exc:
            raise exceptions.ManagerUnavailable(reason=str(exc))
        except messaging.MessagingException as exc:
            # Broker unreachable or connection lost: the request may be
            # retried by the client once the broker is back.
            if isinstance(exc, messaging.RemoteError):
                if exc.exc_type in unreachable.NAMES:
                    # The manager is up but its database is not.
                    raise exceptions.ServiceUnavailable(
                        reason=_('The database is unreachable; try again '
                                 'later.'))
                raise
            raise exceptions.ManagerUnavailable(
                reason=_('message broker error: %s') % exc.__class__.__name__)


class ManagerAPI(ClientBase):
    """Leases, capacity, availability and adjustments."""

    def ping(self, context):
        return self._call(context, 'ping')

    def create_lease(self, context, values):
        """Admit a lease; returns its id."""
        return self._call(context, 'create_lease', values=values)

    def update_lease(self, context, lease_id, values):
        return self._call(context, 'update_lease', lease_id=lease_id,
                          values=values)

    def delete_lease(self, context, lease_id):
        return self._call(context, 'delete_lease', lease_id=lease_id)

    def capacity(self, context, start, end, scope, classes=None,
                 timeline=False):
        return self._call(context, 'capacity', start=start, end=end,
                          scope=scope, classes=classes, timeline=timeline)

    def utilization(self, context, window, lease_ids):
        return self._call(context, 'utilization', window=window,
                          lease_ids=lease_ids)

    def availability(self, context, request):
        return self._call(context, 'availability', request=request)

    def create_adjustment(self, context, values):
        return self._call(context, 'create_adjustment', values=values)

    def delete_adjustment(self, context, adjustment_id, force=False):
        return self._call(context, 'delete_adjustment',
                          adjustment_id=adjustment_id, force=force)
