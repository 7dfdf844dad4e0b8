import math

import testtools

from promise.engine import FrozenTimelineError
from promise.engine import InvalidWindow
from promise.engine import Timeline


class TimelineAddTest(testtools.TestCase):

    def test_empty_timeline_is_base_everywhere(self):
        timeline = Timeline({"VCPU": 4})
        self.assertEqual({"VCPU": 4}, timeline.value_at(-1e12))
        self.assertEqual({"VCPU": 4}, timeline.value_at(1e12))
        self.assertEqual(0, len(timeline))

    def test_window_is_half_open(self):
        timeline = Timeline()
        timeline.add(10, 20, {"VCPU": 2})
        self.assertEqual({"VCPU": 0}, timeline.value_at(9))
        self.assertEqual({"VCPU": 2}, timeline.value_at(10))
        self.assertEqual({"VCPU": 2}, timeline.value_at(19.999))
        self.assertEqual({"VCPU": 0}, timeline.value_at(20))

    def test_touching_windows_do_not_overlap(self):
        timeline = Timeline()
        timeline.add(0, 10, {"VCPU": 3})
        timeline.add(10, 20, {"VCPU": 3})
        self.assertEqual({"VCPU": 3}, timeline.max_over(0, 20))
        # Same value on both sides of 10, so 10 is not a breakpoint.
        self.assertEqual((0, 20), timeline.breakpoints)

    def test_open_ended_window(self):
        timeline = Timeline()
        timeline.add(5, math.inf, {"MEMORY_MB": 512})
        self.assertEqual((5,), timeline.breakpoints)
        self.assertEqual({"MEMORY_MB": 512}, timeline.value_at(1e18))
        self.assertEqual({"MEMORY_MB": 0}, timeline.min_over(0, math.inf))
        self.assertEqual({"MEMORY_MB": 512},
                         timeline.min_over(5, math.inf))

    def test_open_start_changes_the_base(self):
        timeline = Timeline({"VCPU": 1})
        timeline.add(-math.inf, 7, {"VCPU": 2})
        self.assertEqual({"VCPU": 3}, timeline.base)
        self.assertEqual({"VCPU": 1}, timeline.value_at(7))

    def test_negative_amounts_and_cancellation(self):
        timeline = Timeline({"VCPU": 8})
        timeline.add(0, 10, {"VCPU": 5})
        timeline.add(0, 10, {"VCPU": -5})
        self.assertEqual(Timeline({"VCPU": 8}), timeline)
        self.assertEqual((), timeline.breakpoints)

    def test_invalid_windows(self):
        timeline = Timeline()
        self.assertRaises(InvalidWindow, timeline.add, 5, 5, {"VCPU": 1})
        self.assertRaises(ValueError, timeline.add, 6, 5, {"VCPU": 1})
        self.assertRaises(ValueError, timeline.add, math.nan, 5, {})
        self.assertRaises(ValueError, timeline.min_over, 3, 3)

    def test_classes_are_remembered_even_at_zero(self):
        timeline = Timeline({"VCPU": 1})
        timeline.add(0, 1, {"DISK_GB": 0})
        self.assertEqual({"VCPU", "DISK_GB"}, set(timeline.classes))
        self.assertEqual({"VCPU": 1, "DISK_GB": 0}, timeline.value_at(0))

    def test_unknown_class_reads_as_zero(self):
        timeline = Timeline({"VCPU": 1})
        self.assertEqual({"GPU": 0}, timeline.min_over(0, 1, ["GPU"]))
        self.assertEqual({"GPU": 0}, timeline.value_at(0, ["GPU"]))

    def test_float_times(self):
        timeline = Timeline()
        timeline.add(0.5, 1.25, {"VCPU": 1})
        self.assertEqual({"VCPU": 1}, timeline.value_at(1.0))
        self.assertEqual({"VCPU": 0}, timeline.value_at(1.25))

    def test_frozen_timeline_refuses_changes_but_copies_do_not(self):
        timeline = Timeline().freeze()
        self.assertRaises(FrozenTimelineError, timeline.add, 0, 1, {"A": 1})
        clone = timeline.copy()
        clone.add(0, 1, {"A": 1})
        self.assertEqual({"A": 1}, clone.value_at(0))


class TimelineQueryTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.timeline = Timeline({"VCPU": 10, "MEMORY_MB": 100})
        self.timeline.add(10, 20, {"VCPU": -4})
        self.timeline.add(15, 30, {"MEMORY_MB": -60, "VCPU": -1})

    def test_min_and_max_over(self):
        self.assertEqual({"VCPU": 5, "MEMORY_MB": 40},
                         self.timeline.min_over(0, 100))
        self.assertEqual({"VCPU": 10, "MEMORY_MB": 100},
                         self.timeline.max_over(0, 100))
        self.assertEqual({"VCPU": 6, "MEMORY_MB": 100},
                         self.timeline.min_over(10, 15))
        self.assertEqual({"VCPU": 9}, self.timeline.min_over(20, 30, ["VCPU"]))

    def test_steps_start_at_the_window_start(self):
        self.assertEqual(
            [(12, {"VCPU": 6, "MEMORY_MB": 100}),
             (15, {"VCPU": 5, "MEMORY_MB": 40}),
             (20, {"VCPU": 9, "MEMORY_MB": 40})],
            self.timeline.steps(12, 30))
        self.assertEqual([(0, {"VCPU": 10, "MEMORY_MB": 100}),
                          (10, {"VCPU": 6, "MEMORY_MB": 100})],
                         self.timeline.steps(0, 15))

    def test_shortfalls(self):
        self.assertEqual([(15, 30)], list(self.timeline.shortfalls(
            0, {"MEMORY_MB": 50})))
        self.assertEqual([(10, 20)], list(self.timeline.shortfalls(
            0, {"VCPU": 7, "MEMORY_MB": 1})))
        self.assertEqual([(12, 30)], list(self.timeline.shortfalls(
            12, {"VCPU": 7, "MEMORY_MB": 50})))
        self.assertEqual([(10, 30)], list(
            self.timeline.shortfalls(0, {"VCPU": 10, "DISK_GB": 0})))
        self.assertEqual([(3, math.inf)], list(self.timeline.shortfalls(
            3, {"GPU": 1})))
        self.assertEqual([], list(self.timeline.shortfalls(0, {"VCPU": 5})))

    def test_nonzero_spans(self):
        usage = Timeline()
        usage.add(5, 10, {"VCPU": 1})
        usage.add(10, 12, {"MEMORY_MB": 1})
        usage.add(20, math.inf, {"VCPU": 2})
        self.assertEqual([(5, 12), (20, math.inf)],
                         list(usage.nonzero_spans(0)))
        self.assertEqual([(11, 12), (20, math.inf)],
                         list(usage.nonzero_spans(11)))
        self.assertEqual([], list(Timeline().nonzero_spans(0)))

    def test_rises_after(self):
        self.assertEqual([20, 30],
                         list(self.timeline.rises_after(0, ["VCPU"])))
        self.assertEqual([30],
                         list(self.timeline.rises_after(0, ["MEMORY_MB"])))
        self.assertEqual([30],
                         list(self.timeline.rises_after(20, ["VCPU"])))


class TimelineArithmeticTest(testtools.TestCase):

    def test_sum_and_minus(self):
        a = Timeline({"VCPU": 4})
        a.add(0, 10, {"VCPU": 2})
        b = Timeline({"MEMORY_MB": 8})
        b.add(5, 15, {"VCPU": 1})
        total = Timeline.sum([a, b])
        self.assertEqual({"VCPU": 7, "MEMORY_MB": 8}, total.value_at(5))
        self.assertEqual({"VCPU": 5, "MEMORY_MB": 8}, total.value_at(10))
        self.assertEqual(a, total - b)
        self.assertEqual(total, a + b)
        self.assertEqual(Timeline(), a - a)
        self.assertEqual(Timeline(), Timeline.sum([]))

    def test_sum_of_opposites_has_no_breakpoints(self):
        a = Timeline()
        a.add(0, 10, {"VCPU": 2})
        self.assertEqual((), Timeline.sum([a, -a]).breakpoints)

    def test_large_timeline_queries(self):
        timeline = Timeline({"VCPU": 0})
        for i in range(10000):
            timeline.add(i, i + 1, {"VCPU": i % 7})
        self.assertGreater(len(timeline), 9000)
        self.assertEqual({"VCPU": 2}, timeline.min_over(5000.5, 5001.5))
        self.assertEqual({"VCPU": 6}, timeline.max_over(0, 10000))
