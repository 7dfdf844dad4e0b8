"""The manager's RPC endpoint: every method the API may call."""
import socket

import oslo_messaging as messaging
from oslo_log import log as logging

from promise.manager import rpcapi
from promise import version

LOG = logging.getLogger(__name__)


class ManagerEndpoint:
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, host=None):
        self.host = host or socket.gethostname()

    def ping(self, context):
        return {'host': self.host,
                'version': version.version_info.version_string(),
                'rpc_api_version': rpcapi.RPC_API_VERSION}
