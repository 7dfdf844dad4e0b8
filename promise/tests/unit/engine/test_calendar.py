import math

import testtools

from promise.engine import HostCalendar
from promise.engine import InvalidAmounts
from promise.engine import Inventory
from promise.engine import PoolCalendar
from promise.engine import Timeline

DAY = 86400


def compute_host(name="compute-1", vcpu=8, ratio=1.0, memory=4096, **kw):
    return HostCalendar(name, {
        "VCPU": Inventory(vcpu, allocation_ratio=ratio, **kw),
        "MEMORY_MB": Inventory(memory),
    })


class HostCalendarTest(testtools.TestCase):

    def test_free_is_capacity_minus_usage(self):
        host = compute_host(ratio=2.0)
        host.claim(0, DAY, {"VCPU": 10, "MEMORY_MB": 1024})
        self.assertEqual({"VCPU": 6, "MEMORY_MB": 3072},
                         host.headroom(0, DAY))
        self.assertEqual({"VCPU": 16, "MEMORY_MB": 4096},
                         host.headroom(DAY, 2 * DAY))
        self.assertTrue(host.fits(0, DAY, {"VCPU": 6}))
        self.assertFalse(host.fits(0, DAY, {"VCPU": 7}))
        self.assertTrue(host.fits(DAY, 2 * DAY, {"VCPU": 16}))

    def test_touching_claims(self):
        host = compute_host()
        host.claim(0, 10, {"VCPU": 8})
        self.assertTrue(host.fits(10, 20, {"VCPU": 8}))
        self.assertFalse(host.fits(9, 20, {"VCPU": 1}))

    def test_open_ended_claim(self):
        host = compute_host()
        host.claim(100, math.inf, {"VCPU": 5})
        self.assertTrue(host.fits(0, 100, {"VCPU": 8}))
        self.assertFalse(host.fits(0, math.inf, {"VCPU": 4}))
        self.assertEqual(3, host.max_units(1e15, math.inf, {"VCPU": 1}))

    def test_planned_downtime_removes_capacity(self):
        host = compute_host()
        host.adjust(50, 60, {"VCPU": -8, "MEMORY_MB": -4096})
        self.assertFalse(host.fits(55, 56, {"VCPU": 1}))
        self.assertTrue(host.fits(60, 70, {"VCPU": 8}))
        self.assertFalse(host.is_idle(0, 100))
        self.assertTrue(host.is_idle(60, 100))

    def test_adjustments_given_at_construction(self):
        downtime = Timeline()
        downtime.add(0, 10, {"VCPU": -8})
        host = HostCalendar("h", {"VCPU": Inventory(8)},
                            adjustments=downtime)
        downtime.add(10, 20, {"VCPU": -8})
        self.assertTrue(host.fits(10, 20, {"VCPU": 8}))
        self.assertFalse(host.fits(5, 20, {"VCPU": 1}))

    def test_missing_class(self):
        host = compute_host()
        self.assertFalse(host.fits(0, 1, {"DISK_GB": 1}))
        self.assertTrue(host.fits(0, 1, {"DISK_GB": 0, "VCPU": 1}))
        self.assertEqual(0, host.max_units(0, 1, {"DISK_GB": 1, "VCPU": 1}))

    def test_max_unit_limits_a_single_claim(self):
        host = compute_host(vcpu=16, max_unit=4)
        self.assertTrue(host.fits(0, 1, {"VCPU": 4}))
        self.assertFalse(host.fits(0, 1, {"VCPU": 5}))
        self.assertEqual(4, host.max_units(0, 1, {"VCPU": 4}))
        self.assertEqual(0, host.max_units(0, 1, {"VCPU": 5}))

    def test_max_units_ignores_zero_classes(self):
        host = compute_host()
        host.claim(0, 5, {"MEMORY_MB": 4000})
        self.assertEqual(4, host.max_units(10, 20, {"VCPU": 2,
                                                    "DISK_GB": 0}))
        self.assertEqual(0, host.max_units(0, 20, {"VCPU": 1,
                                                   "MEMORY_MB": 512}))
        self.assertRaises(InvalidAmounts, host.max_units, 0, 1, {"VCPU": 0})

    def test_overcommitted_host_has_no_units(self):
        host = compute_host()
        host.claim(0, 5, {"VCPU": 12})
        self.assertEqual(0, host.max_units(0, 5, {"VCPU": 1}))
        self.assertEqual({"VCPU": -4, "MEMORY_MB": 4096}, host.headroom(0, 5))

    def test_release_and_cache_invalidation(self):
        host = compute_host()
        before = host.free()
        self.assertIs(before, host.free())
        host.claim(0, 10, {"VCPU": 8})
        self.assertFalse(host.fits(0, 10, {"VCPU": 1}))
        host.release(0, 10, {"VCPU": 8})
        self.assertTrue(host.fits(0, 10, {"VCPU": 8}))
        self.assertEqual(before, host.free())
        self.assertTrue(host.free().frozen)

    def test_negative_request_is_rejected(self):
        self.assertRaises(InvalidAmounts, compute_host().fits, 0, 1,
                          {"VCPU": -1})

    def test_idle_host(self):
        host = compute_host()
        host.claim(10, 20, {"VCPU": 1})
        self.assertTrue(host.is_idle(0, 10))
        self.assertTrue(host.is_idle(20, math.inf))
        self.assertFalse(host.is_idle(0, 11))


class PoolCalendarTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.hosts = [compute_host("a", vcpu=4), compute_host("b", vcpu=4)]
        self.pool = PoolCalendar("pool", self.hosts)

    def test_free_is_sum_of_hosts(self):
        self.assertEqual({"VCPU": 8, "MEMORY_MB": 8192},
                         self.pool.headroom(0, 1))

    def test_capacity_reservation_of_amounts(self):
        # A reservation of plain amounts is not bound to any host.
        self.pool.claim(0, 100, {"VCPU": 5, "MEMORY_MB": 2560})
        self.assertTrue(self.pool.fits(0, 100, {"VCPU": 3}))
        self.assertFalse(self.pool.fits(50, 150, {"VCPU": 4}))
        self.assertEqual(1, self.pool.max_units(0, 100, {"VCPU": 2}))
        # Pools do not apply a host's per-claim limit.
        self.assertTrue(self.pool.fits(100, 200, {"VCPU": 8}))

    def test_host_changes_reach_the_pool(self):
        self.assertTrue(self.pool.fits(0, 10, {"VCPU": 8}))
        self.hosts[0].claim(0, 10, {"VCPU": 1})
        self.assertFalse(self.pool.fits(0, 10, {"VCPU": 8}))
        self.hosts[0].release(0, 10, {"VCPU": 1})
        self.assertTrue(self.pool.fits(0, 10, {"VCPU": 8}))

    def test_pool_adjustments(self):
        self.pool.adjust(0, 10, {"VCPU": -4})
        self.assertEqual({"VCPU": 4}, self.pool.headroom(0, 20, ["VCPU"]))
        self.assertEqual({"VCPU": 8}, self.pool.headroom(10, 20, ["VCPU"]))
