from promise.db import api as db_api
from promise.manager import host_sync
from promise.tests import base
from promise.vim import simulated


class TestHostSync(base.DBTestCase):
    def test_sync_is_idempotent(self):
        driver = simulated.SimulatedDriver()
        self.assertEqual(210, host_sync.sync_hosts(driver))
        self.assertEqual(0, host_sync.sync_hosts(driver))
        hosts = db_api.host_list(None)
        self.assertEqual(210, len(hosts))
        host = db_api.host_get(None, 'compute-001')
        inv = {i.resource_class: i.total for i in host.inventories}
        self.assertEqual({'VCPU': 32, 'MEMORY_MB': 131072, 'DISK_GB': 1024,
                          'INSTANCES': 32}, inv)
        caps = {c.capability_name: c.capability_value
                for c in host.extra_capabilities}
        self.assertEqual('type1', caps['server_type'])
        self.assertEqual('rack-01', caps['rack'])
