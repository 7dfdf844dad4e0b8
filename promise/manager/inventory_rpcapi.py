"""RPC client of the manager's inventory endpoint, used by the API.

History of the inventory RPC API:
    1.0 - create_host, update_host, delete_host, create_pool, update_pool,
          delete_pool
"""
from promise.manager import rpcapi

NAMESPACE = 'inventory'
RPC_API_VERSION = '1.0'


class InventoryAPI(rpcapi.ClientBase):
    """Same transport, topic and error mapping as ManagerAPI (timeouts and
    broker errors become 503), in the "inventory" namespace."""

    namespace = NAMESPACE
    version = RPC_API_VERSION

    def create_host(self, context, values):
        """Register a hypervisor the VIM reports; returns the host id."""
        return self._call(context, 'create_host', values=values)

    def update_host(self, context, host_id, values):
        return self._call(context, 'update_host', host_id=host_id,
                          values=values)

    def delete_host(self, context, host_id):
        return self._call(context, 'delete_host', host_id=host_id)

    def create_pool(self, context, values):
        """Returns the pool id."""
        return self._call(context, 'create_pool', values=values)

    def update_pool(self, context, pool_id, values):
        return self._call(context, 'update_pool', pool_id=pool_id,
                          values=values)

    def delete_pool(self, context, pool_id):
        return self._call(context, 'delete_pool', pool_id=pool_id)
