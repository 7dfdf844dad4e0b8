"""RPC client of the manager's subscriptions endpoint, used by the API.

History of the subscriptions RPC API:
    1.0 - create_subscription, delete_subscription
"""
import oslo_messaging as messaging

from promise import rpc
from promise.conf import CONF
from promise.manager import rpcapi

NAMESPACE = 'subscriptions'
RPC_API_VERSION = '1.0'


class _PinnedVersion:
    """The borrowed ``_call`` prepares calls with the lease API's version;
    calls in this namespace must carry this API's own."""

    def __init__(self, client):
        self._client = client

    def prepare(self, **kwargs):
        kwargs['version'] = RPC_API_VERSION
        return self._client.prepare(**kwargs)


class SubscriptionsAPI:
    """Same transport, topic and error mapping as ManagerAPI, in the
    "subscriptions" namespace."""

    _call = rpcapi.ManagerAPI._call

    def __init__(self, timeout=None):
        target = messaging.Target(topic=CONF.manager.topic,
                                  namespace=NAMESPACE,
                                  version=RPC_API_VERSION)
        self._client = _PinnedVersion(rpc.get_client(
            target, version_cap=RPC_API_VERSION,
            timeout=timeout or CONF.api.rpc_response_timeout))

    def create_subscription(self, context, values, cloud_events=False):
        """Returns the subscription id."""
        return self._call(context, 'create_subscription', values=values,
                          cloud_events=cloud_events)

    def delete_subscription(self, context, subscription_id):
        return self._call(context, 'delete_subscription',
                          subscription_id=subscription_id)
