"""RPC endpoint of the inventory writes (namespace "inventory").

It lives beside the lease endpoint rather than in it so that the two RPC
APIs are versioned independently.
"""
import oslo_messaging as messaging

from promise import exceptions
from promise import vim
from promise.manager import inventory
from promise.manager import inventory_rpcapi


class InventoryEndpoint:
    target = messaging.Target(namespace=inventory_rpcapi.NAMESPACE,
                              version=inventory_rpcapi.RPC_API_VERSION)

    def __init__(self, driver=None):
        self._driver = driver

    @property
    def driver(self):
        if self._driver is None:
            self._driver = vim.load_driver()
        return self._driver

    def _reported(self, name):
        for info in self.driver.list_hosts():
            if info.hypervisor_hostname == name:
                return info
        raise exceptions.NotFound(
            'Host %s is not reported by the VIM: only hypervisors the VIM '
            'knows can be registered.' % name)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_host(self, context, values):
        values = dict(values)
        info = self._reported(values.pop('name'))
        reservable = values.pop('reservable', True)
        return inventory.create_host(info, values, reservable)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def update_host(self, context, host_id, values):
        values = dict(values)
        reservable = values.pop('reservable', None)
        return inventory.update_host(host_id, values, reservable)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_host(self, context, host_id):
        return inventory.delete_host(host_id)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_pool(self, context, values):
        return inventory.create_pool(values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def update_pool(self, context, pool_id, values):
        return inventory.update_pool(pool_id, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_pool(self, context, pool_id):
        return inventory.delete_pool(pool_id)
