import math

import testtools

from promise.engine import can_place
from promise.engine import choose_hosts
from promise.engine import choose_whole_hosts
from promise.engine import HostCalendar
from promise.engine import InvalidAmounts
from promise.engine import Inventory
from promise.engine import max_instances
from promise.engine import PlacementRequest


def host(name, vcpu=8, memory=8192, **kw):
    return HostCalendar(name, {"VCPU": Inventory(vcpu, **kw),
                               "MEMORY_MB": Inventory(memory)})


class PlacementRequestTest(testtools.TestCase):

    def test_validation(self):
        self.assertRaises(InvalidAmounts, PlacementRequest, 0, {"VCPU": 1})
        self.assertRaises(InvalidAmounts, PlacementRequest, 1, {"VCPU": 0})
        self.assertRaises(ValueError, PlacementRequest, 1, {"VCPU": 1},
                          strategy="random")

    def test_amounts_are_copied(self):
        amounts = {"VCPU": 1}
        request = PlacementRequest(1, amounts)
        amounts["VCPU"] = 5
        self.assertEqual({"VCPU": 1}, request.amounts)


class ChooseHostsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # Room for 4, 2 and 1 two-VCPU instances respectively.
        self.hosts = [host("c"), host("b"), host("a")]
        self.hosts[1].claim(0, 100, {"VCPU": 4})
        self.hosts[2].claim(0, 100, {"VCPU": 6})

    def request(self, count, **kw):
        return PlacementRequest(count, {"VCPU": 2, "MEMORY_MB": 512}, **kw)

    def test_pack_fills_tightest_hosts_first(self):
        self.assertEqual(["a", "b", "b"],
                         choose_hosts(self.hosts, self.request(3), 0, 10))
        self.assertEqual(["a", "b", "b", "c", "c"],
                         choose_hosts(self.hosts, self.request(5), 0, 10))

    def test_spread_prefers_most_headroom(self):
        self.assertEqual(["c", "c", "b", "c", "a"],
                         choose_hosts(self.hosts, self.request(
                             5, strategy="spread"), 0, 10))

    def test_counts_instances_sharing_a_host(self):
        self.assertIsNone(choose_hosts(self.hosts, self.request(8), 0, 10))
        self.assertEqual(7, len(choose_hosts(self.hosts, self.request(7),
                                             0, 10)))
        self.assertEqual(7, max_instances(self.hosts, self.request(7), 0, 10))

    def test_affinity(self):
        self.assertEqual(["b", "b"], choose_hosts(
            self.hosts, self.request(2, affinity=True), 0, 10))
        self.assertEqual(["c", "c"], choose_hosts(
            self.hosts, self.request(2, affinity=True, strategy="spread"),
            0, 10))
        self.assertIsNone(choose_hosts(
            self.hosts, self.request(5, affinity=True), 0, 10))
        self.assertEqual(4, max_instances(
            self.hosts, self.request(1, affinity=True), 0, 10))

    def test_anti_affinity(self):
        self.assertEqual(["a", "b", "c"], choose_hosts(
            self.hosts, self.request(3, affinity=False), 0, 10))
        self.assertEqual(["c", "b"], choose_hosts(
            self.hosts, self.request(2, affinity=False, strategy="spread"),
            0, 10))
        self.assertIsNone(choose_hosts(
            self.hosts, self.request(4, affinity=False), 0, 10))
        self.assertEqual(3, max_instances(
            self.hosts, self.request(1, affinity=False), 0, 10))

    def test_window_outside_claims(self):
        self.assertEqual(["a"] * 4, choose_hosts(
            self.hosts, self.request(4, affinity=True), 100, math.inf))

    def test_ties_broken_by_name(self):
        hosts = [host("z"), host("m"), host("k")]
        request = PlacementRequest(2, {"VCPU": 8}, affinity=False)
        self.assertEqual(["k", "m"], choose_hosts(hosts, request, 0, 1))
        self.assertEqual(["k", "m"], choose_hosts(hosts[::-1], request, 0, 1))

    def test_max_unit_and_missing_classes(self):
        hosts = [host("small", max_unit=1), host("big")]
        request = PlacementRequest(2, {"VCPU": 2})
        self.assertEqual(["big", "big"], choose_hosts(hosts, request, 0, 1))
        gpu = PlacementRequest(1, {"VGPU": 1})
        self.assertIsNone(choose_hosts(hosts, gpu, 0, 1))
        self.assertEqual(0, max_instances(hosts, gpu, 0, 1))
        self.assertFalse(can_place(hosts, gpu, 0, 1))

    def test_no_hosts(self):
        self.assertIsNone(choose_hosts([], self.request(1), 0, 1))
        self.assertEqual(0, max_instances([], self.request(1), 0, 1))


class ChooseWholeHostsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.hosts = [host("d"), host("c"), host("b"), host("a")]
        self.hosts[3].claim(5, 15, {"MEMORY_MB": 1})
        self.hosts[2].adjust(0, 20, {"VCPU": -8})

    def test_only_untouched_hosts_qualify(self):
        self.assertEqual(["c", "d"],
                         choose_whole_hosts(self.hosts, 1, 5, 0, 10))
        self.assertEqual(["c"], choose_whole_hosts(self.hosts, 1, 1, 0, 10))
        self.assertIsNone(choose_whole_hosts(self.hosts, 3, 3, 0, 10))

    def test_touching_windows_are_free(self):
        self.assertEqual(["a", "b", "c", "d"],
                         choose_whole_hosts(self.hosts, 4, 4, 20, math.inf))
        self.assertEqual(["a", "c", "d"],
                         choose_whole_hosts(self.hosts, 1, None, 15, 20))

    def test_validation(self):
        self.assertRaises(InvalidAmounts, choose_whole_hosts, self.hosts,
                          3, 2, 0, 1)
