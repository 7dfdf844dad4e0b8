"""Violations are told once, whichever manager finds them first."""
import time

from promise import context
from promise.db import api as db_api
from promise.db import models
from promise.manager import placement_monitor
from promise.manager import placement_policies
from promise.tests import base
from promise.vim import simulated


class TestPolicyMonitor(base.DBTestCase):
    def setUp(self):
        super().setUp()
        self.conf.set_override('boot_delay', 0, group='simulated')
        self.conf.set_override('delete_delay', 0, group='simulated')
        self.driver = simulated.SimulatedDriver()
        self.addCleanup(self.driver.stop)
        self.service = placement_policies.PolicyService(self.driver)
        self.ctx = context.RequestContext(user_id='u', project_id='p',
                                          roles=['admin'])
        # Two VMs of one group on one host break it.
        self.service.create_policy(self.ctx, {'name': 'ha', 'rules': [{
            'rule': 'error(vm1) :- anti_affinity_group(vm1, g), '
                    'anti_affinity_group(vm2, g), neq(vm1, vm2), '
                    'vm_host_mapping(vm1, s), vm_host_mapping(vm2, s)'}]})
        self.monitors = [placement_monitor.PolicyMonitor(self.service, 0)
                         for _ in range(2)]
        self.host = self.driver.list_hosts()[0].hypervisor_hostname
        self.flavor = self.driver.list_flavors()[0].name

    def boot(self, name):
        server_id = self.driver.create_server(
            name, self.flavor, host=self.host, metadata={'ha_group': 'g1'})
        self.wait(lambda: self.driver.get_server(server_id).state ==
                  'ACTIVE')
        return server_id

    def wait(self, condition):
        deadline = time.monotonic() + 10
        while not condition():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)

    def events(self):
        with db_api.reader() as session:
            return sorted((e.event_type, e.payload['row'][0])
                          for e in session.query(models.OutboxEvent))

    def test_start_and_end_told_once(self):
        self.boot('vm-1')
        doomed = self.boot('vm-2')
        started = [sorted(m.evaluate()[0]) for m in self.monitors]
        self.assertEqual([[('ha', ['vm-1']), ('ha', ['vm-2'])], []],
                         started)
        self.assertEqual([('placement.violation.start', 'vm-1'),
                          ('placement.violation.start', 'vm-2')],
                         self.events())
        self.driver.delete_server(doomed)
        self.wait(lambda: len(self.driver.list_servers()) == 1)
        ended = [m.evaluate()[1] for m in reversed(self.monitors)]
        self.assertEqual(2, len(ended[0]))
        self.assertEqual([], ended[1])
        self.assertEqual(4, len(self.events()))

    def test_invalid_rule_points_at_it(self):
        from promise import exceptions
        error = self.assertRaises(
            exceptions.InvalidPolicy, self.service.add_rule, self.ctx,
            self.service.create_policy(self.ctx, {'name': 'p2'}),
            {'rule': 'error(x) :- nova:node(y, t)'})
        self.assertEqual('x', error.extra()['variable'])
