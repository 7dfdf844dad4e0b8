import math

import testtools

from promise.engine import candidate_starts
from promise.engine import earliest_window
from promise.engine import earliest_window_for_hosts
from promise.engine import earliest_window_for_whole_hosts
from promise.engine import HostCalendar
from promise.engine import InvalidWindow
from promise.engine import Inventory
from promise.engine import max_amount
from promise.engine import PlacementRequest
from promise.engine import PoolCalendar


def host(name="h", vcpu=8):
    return HostCalendar(name, {"VCPU": Inventory(vcpu)})


class EarliestWindowTest(testtools.TestCase):

    def test_free_host_fits_at_search_start(self):
        self.assertEqual((5, 15), earliest_window(host(), {"VCPU": 8}, 10, 5))

    def test_waits_for_the_gap(self):
        calendar = host()
        calendar.claim(0, 10, {"VCPU": 6})
        calendar.claim(12, 30, {"VCPU": 6})
        # The gap [10, 12) is too short for a 5 second claim.
        self.assertEqual((30, 35),
                         earliest_window(calendar, {"VCPU": 4}, 5, 0))
        self.assertEqual((10, 12),
                         earliest_window(calendar, {"VCPU": 4}, 2, 0))
        self.assertEqual((0, 5), earliest_window(calendar, {"VCPU": 2}, 5, 0))

    def test_respects_search_end(self):
        calendar = host()
        calendar.claim(0, 10, {"VCPU": 8})
        self.assertIsNone(earliest_window(calendar, {"VCPU": 1}, 5, 0, 14))
        self.assertEqual((10, 15),
                         earliest_window(calendar, {"VCPU": 1}, 5, 0, 15))

    def test_open_ended_duration(self):
        calendar = host()
        calendar.claim(0, 10, {"VCPU": 8})
        calendar.claim(20, 30, {"VCPU": 1})
        self.assertEqual((30, math.inf), earliest_window(
            calendar, {"VCPU": 8}, math.inf, 0))
        self.assertIsNone(earliest_window(calendar, {"VCPU": 9}, 1, 0))
        self.assertIsNone(earliest_window(calendar, {"VCPU": 1}, math.inf,
                                          0, 100))

    def test_never_fits_after_permanent_claim(self):
        calendar = host()
        calendar.claim(10, math.inf, {"VCPU": 8})
        self.assertIsNone(earliest_window(calendar, {"VCPU": 1}, 11, 0))
        self.assertEqual((0, 10),
                         earliest_window(calendar, {"VCPU": 1}, 10, 0))

    def test_max_unit_and_missing_class(self):
        calendar = HostCalendar("h", {"VCPU": Inventory(8, max_unit=2)})
        self.assertIsNone(earliest_window(calendar, {"VCPU": 3}, 1, 0))
        self.assertIsNone(earliest_window(calendar, {"DISK_GB": 1}, 1, 0))

    def test_works_on_pools(self):
        pool = PoolCalendar("p", [host("a"), host("b")])
        pool.claim(0, 100, {"VCPU": 10})
        self.assertEqual((100, 101),
                         earliest_window(pool, {"VCPU": 7}, 1, 0))

    def test_validation(self):
        self.assertRaises(InvalidWindow, earliest_window, host(),
                          {"VCPU": 1}, 0, 0)
        self.assertRaises(InvalidWindow, earliest_window, host(),
                          {"VCPU": 1}, 1, -math.inf)

    def test_long_timeline(self):
        calendar = host()
        for i in range(0, 20000, 2):
            calendar.claim(i, i + 1, {"VCPU": 8})
        self.assertEqual((19999, 20001), earliest_window(
            calendar, {"VCPU": 1}, 2, 0))

    def test_max_amount(self):
        calendar = host()
        calendar.claim(0, 10, {"VCPU": 3})
        self.assertEqual(2, max_amount(calendar, {"VCPU": 2}, 0, 20))


class EarliestWindowForHostsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.hosts = [host("a"), host("b"), host("c")]
        self.hosts[0].claim(0, 10, {"VCPU": 8})
        self.hosts[1].claim(0, 20, {"VCPU": 8})
        self.hosts[2].claim(0, 30, {"VCPU": 8})

    def test_anti_affinity_waits_for_enough_hosts(self):
        request = PlacementRequest(2, {"VCPU": 4}, affinity=False)
        self.assertEqual((20, 25), earliest_window_for_hosts(
            self.hosts, request, 5, 0))

    def test_affinity_needs_one_host_for_all(self):
        request = PlacementRequest(2, {"VCPU": 4}, affinity=True)
        self.assertEqual((10, 15), earliest_window_for_hosts(
            self.hosts, request, 5, 0))
        request = PlacementRequest(3, {"VCPU": 4}, affinity=True)
        self.assertIsNone(earliest_window_for_hosts(
            self.hosts, request, 5, 0))

    def test_any_mix(self):
        request = PlacementRequest(3, {"VCPU": 4})
        self.assertEqual((20, 25), earliest_window_for_hosts(
            self.hosts, request, 5, 0))
        self.assertIsNone(earliest_window_for_hosts(
            self.hosts, request, 5, 0, 24))

    def test_candidate_starts(self):
        self.assertEqual([0, 10, 20, 30], list(candidate_starts(
            self.hosts, ["VCPU"], 0)))
        self.assertEqual([15, 20, 30], list(candidate_starts(
            self.hosts, ["VCPU"], 15)))
        self.assertEqual([0], list(candidate_starts(
            self.hosts, ["MEMORY_MB"], 0)))


class EarliestWindowForWholeHostsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.hosts = [host("a"), host("b"), host("c")]
        self.hosts[0].claim(0, 10, {"VCPU": 1})
        self.hosts[1].adjust(0, 20, {"VCPU": -8})
        self.hosts[2].claim(5, 30, {"VCPU": 1})

    def test_waits_for_enough_idle_hosts(self):
        self.assertEqual((0, 5), earliest_window_for_whole_hosts(
            self.hosts, 1, 5, 0))
        self.assertEqual((10, 16), earliest_window_for_whole_hosts(
            self.hosts, 1, 6, 0))
        self.assertEqual((20, 25), earliest_window_for_whole_hosts(
            self.hosts, 2, 5, 0))
        self.assertEqual((30, 35), earliest_window_for_whole_hosts(
            self.hosts, 3, 5, 0))
        self.assertIsNone(earliest_window_for_whole_hosts(
            self.hosts, 4, 5, 0))
        self.assertIsNone(earliest_window_for_whole_hosts(
            self.hosts, 3, 5, 0, 34))

    def test_positive_adjustments_do_not_count_as_busy(self):
        self.hosts[1].adjust(0, 20, {"VCPU": 16})
        self.assertEqual((0, 5), earliest_window_for_whole_hosts(
            self.hosts, 2, 5, 0))

    def test_open_ended(self):
        self.hosts[0].claim(40, math.inf, {"VCPU": 1})
        self.assertEqual((30, math.inf), earliest_window_for_whole_hosts(
            self.hosts, 2, math.inf, 0))
        self.assertEqual((30, 40), earliest_window_for_whole_hosts(
            self.hosts, 3, 10, 0))
        self.assertIsNone(earliest_window_for_whole_hosts(
            self.hosts, 3, 11, 0))
