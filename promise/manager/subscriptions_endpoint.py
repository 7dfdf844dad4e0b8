"""RPC endpoint of subscription writes (namespace "subscriptions"),
versioned apart from the lease and inventory APIs."""
import oslo_messaging as messaging

from promise import exceptions
from promise.manager import subscriptions
from promise.manager import subscriptions_rpcapi


class SubscriptionsEndpoint:
    target = messaging.Target(namespace=subscriptions_rpcapi.NAMESPACE,
                              version=subscriptions_rpcapi.RPC_API_VERSION)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_subscription(self, context, values, cloud_events=False):
        return subscriptions.create(context, values, cloud_events)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_subscription(self, context, subscription_id):
        return subscriptions.delete(context, subscription_id)
