"""PromiseFilter with Nova's own RequestSpec, Flavor and HostState.

Run by test_filter in a process of their own: nova.conf and Promise's
configuration both register options on the global CONF, some under the
same names, so this module must not load Promise's (nor should the
filter, which runs inside nova-scheduler).
"""
import math

import testtools

from promise.nova import calendar
from promise.tests.unit.nova import fakes


class FakeSource:
    def __init__(self, cal):
        self.cal = cal
        self.calls = 0

    def get(self):
        self.calls += 1
        return self.cal


class TestPromiseFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        from nova import objects
        from nova.scheduler import host_manager

        from promise.nova.scheduler import filters
        objects.register_all()
        self.objects = objects
        self.filters = filters
        self.host_manager = host_manager
        full = fakes.timeline((3600, 7200, {'VCPU': 40, 'MEMORY_MB': 8192}))
        capacity = {'VCPU': 40, 'MEMORY_MB': 8192, 'DISK_GB': 1028,
                    'INSTANCES': 10}
        self.calendar = calendar.Calendar(fakes.document(
            {'reserved': fakes.host_entry(capacity, full),
             'free': fakes.host_entry(capacity)},
            {'r1': {'lease_id': 'l1', 'status': 'ACTIVE', 'end': math.inf,
                    'hosts': {'free': [4, 4096, 100, 2]}}}))
        self.filter = filters.PromiseFilter()
        self.source = FakeSource(self.calendar)
        self.filter._source = self.source
        self.hosts = [self._host('reserved'), self._host('free')]

    def _host(self, name):
        state = self.host_manager.HostState(name, name, None)
        state.vcpus_total, state.vcpus_used = 10, 0
        state.total_usable_ram_mb = state.free_ram_mb = 8192
        state.total_usable_disk_gb = 1028
        state.disk_mb_used = state.free_disk_mb = 0
        state.num_instances = 0
        state.cpu_allocation_ratio = 4.0
        state.ram_allocation_ratio = state.disk_allocation_ratio = 1.0
        return state

    def _spec(self, hints=None, **flavor):
        values = dict(vcpus=1, memory_mb=2048, root_gb=20, ephemeral_gb=0,
                      swap=0)
        values.update(flavor)
        return self.objects.RequestSpec(
            flavor=self.objects.Flavor(**values),
            scheduler_hints={k: [v] for k, v in (hints or {}).items()})

    def _passing(self, spec):
        return sorted(h.nodename for h in
                      self.filter.filter_all(self.hosts, spec))

    def test_open_ended_boot(self):
        self.assertEqual(['free'], self._passing(self._spec()))

    def test_boot_with_an_end(self):
        import time
        spec = self._spec({'promise:end': str(time.time() + 600)})
        self.assertEqual(['free', 'reserved'], self._passing(spec))

    def test_preemptible(self):
        spec = self._spec({'promise:preemptible': 'True'})
        self.assertEqual(['free', 'reserved'], self._passing(spec))

    def test_reservation(self):
        self.assertEqual(['free'],
                         self._passing(self._spec({'reservation': 'r1'})))
        self.assertEqual([], self._passing(
            self._spec({'reservation': 'r1'}, memory_mb=8192)))
        self.assertEqual([], self._passing(self._spec({'reservation': 'x'})))

    def test_calendar_read_once_per_request(self):
        spec = self._spec()
        self.filter.filter_all(self.hosts, spec)
        self.filter.filter_all(self.hosts, spec)
        self.assertFalse(self.filter.host_passes(self.hosts[0], spec))
        self.assertEqual(1, self.source.calls)
        self.filter.filter_all(self.hosts, self._spec())
        self.assertEqual(2, self.source.calls)

    def test_unreachable_follows_fail_mode(self):
        self.source.cal = None
        self.addCleanup(self.filters.CONF.clear_override, 'fail_mode',
                        group='promise')
        self.filters.CONF.set_override('fail_mode', 'closed',
                                       group='promise')
        self.assertEqual([], self._passing(self._spec()))
        self.filters.CONF.set_override('fail_mode', 'open', group='promise')
        self.assertEqual(['free', 'reserved'], self._passing(self._spec()))

    def test_flavor_amounts(self):
        spec = self._spec(vcpus=2, memory_mb=512, root_gb=10,
                          ephemeral_gb=5, swap=1500)
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 17,
                          'INSTANCES': 1},
                         self.filters.flavor_amounts(spec))
        spec.is_bfv = True
        self.assertEqual(7, self.filters.flavor_amounts(spec)['DISK_GB'])

    def test_parse_end(self):
        parse = self.filters.parse_end
        self.assertEqual(math.inf, parse(None))
        self.assertEqual(math.inf, parse('next tuesday'))
        self.assertEqual(1_900_000_000.0, parse('1900000000'))
        self.assertEqual(1_900_000_000.0, parse(['2030-03-17T17:46:40Z']))
        self.assertEqual(1_900_000_000.0, parse('2030-03-17 18:46:40+01:00'))
        self.assertEqual(1_899_999_960.0, parse('2030-03-17 17:46'))
