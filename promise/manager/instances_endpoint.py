"""RPC endpoint of providers and instances (namespace "instances"),
versioned apart from the lease, inventory and subscription APIs."""
import oslo_messaging as messaging

from promise import exceptions
from promise.manager import instances_rpcapi
from promise.manager import providers


class InstancesEndpoint:
    target = messaging.Target(namespace=instances_rpcapi.NAMESPACE,
                              version=instances_rpcapi.RPC_API_VERSION)

    def __init__(self, registry, instances, on_provider=None):
        self.registry = registry
        self.instances = instances
        self._on_provider = on_provider or (lambda provider_id: None)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_provider(self, context, values):
        provider_id = providers.create(self.registry, values)
        self._on_provider(provider_id)
        return provider_id

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_provider(self, context, provider_id):
        return providers.delete(self.registry, provider_id)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_instance(self, context, values):
        return self.instances.create(context, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_instance(self, context, instance_id):
        return self.instances.delete(context, instance_id)
