"""RPC client of the manager's subscriptions endpoint, used by the API.

History of the subscriptions RPC API:
    1.0 - create_subscription, delete_subscription
"""
from promise.manager import rpcapi

NAMESPACE = 'subscriptions'
RPC_API_VERSION = '1.0'


class SubscriptionsAPI(rpcapi.ClientBase):
    """Same transport, topic and error mapping as ManagerAPI, in the
    "subscriptions" namespace."""

    namespace = NAMESPACE
    version = RPC_API_VERSION

    def create_subscription(self, context, values, cloud_events=False):
        """Returns the subscription id."""
        return self._call(context, 'create_subscription', values=values,
                          cloud_events=cloud_events)

    def delete_subscription(self, context, subscription_id):
        return self._call(context, 'delete_subscription',
                          subscription_id=subscription_id)
