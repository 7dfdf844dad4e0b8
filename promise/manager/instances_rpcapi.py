"""RPC client of the manager's instances endpoint, used by the API.

History of the instances RPC API:
    1.0 - create_provider, delete_provider, create_instance,
          delete_instance
"""
from promise.manager import rpcapi

NAMESPACE = 'instances'
RPC_API_VERSION = '1.0'


class InstancesAPI(rpcapi.ClientBase):
    """Providers and instances: same transport, topic and error mapping as
    ManagerAPI, in the "instances" namespace."""

    namespace = NAMESPACE
    version = RPC_API_VERSION

    def create_provider(self, context, values):
        """Register a VIM endpoint; returns the provider id."""
        return self._call(context, 'create_provider', values=values)

    def delete_provider(self, context, provider_id):
        return self._call(context, 'delete_provider',
                          provider_id=provider_id)

    def create_instance(self, context, values):
        """Admit an instance and ask the VIM to boot it; returns its id."""
        return self._call(context, 'create_instance', values=values)

    def delete_instance(self, context, instance_id):
        return self._call(context, 'delete_instance',
                          instance_id=instance_id)
