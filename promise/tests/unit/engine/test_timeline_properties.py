"""Timeline against the brute-force model, instant by instant."""

import math

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise.engine import Timeline
from promise.tests.unit.engine import oracle

CHECKS = settings(max_examples=200, deadline=None, database=None)


@st.composite
def oracle_timelines(draw):
    model = oracle.OracleTimeline(draw(oracle.amounts(-5, 10)))
    for start, end, amounts in draw(oracle.changes(-5, 10, 6)):
        model.add(start, end, amounts)
    return model


def assert_canonical(case, timeline):
    """No breakpoint may repeat the values just before it."""
    previous = timeline.base
    for t, values in timeline.steps(-math.inf, math.inf)[1:]:
        case.assertNotEqual(previous, values, f"redundant breakpoint {t}")
        previous = values


class TimelinePropertyTest(testtools.TestCase):

    @CHECKS
    @given(oracle_timelines())
    def test_value_at_matches_every_instant(self, model):
        timeline = model.build()
        self.assertEqual(model.classes, set(timeline.classes))
        for t in oracle.INSTANTS:
            self.assertEqual(model.value_at(t), timeline.value_at(t))
        assert_canonical(self, timeline)

    @CHECKS
    @given(oracle_timelines(), oracle.windows())
    def test_min_and_max_over_windows(self, model, window):
        timeline = model.build()
        self.assertEqual(model.min_over(*window), timeline.min_over(*window))
        self.assertEqual(model.max_over(*window), timeline.max_over(*window))

    @CHECKS
    @given(oracle_timelines(), oracle.windows())
    def test_steps_rebuild_the_window(self, model, window):
        steps = model.build().steps(*window)
        self.assertEqual(window[0], steps[0][0])
        times = [t for t, _ in steps]
        self.assertEqual(sorted(set(times)), times)
        for t in oracle.instants(*window):
            current = [values for at, values in steps if at <= t][-1]
            self.assertEqual(model.value_at(t), current)

    @CHECKS
    @given(st.lists(oracle_timelines(), max_size=3))
    def test_sum_is_pointwise(self, models):
        total = Timeline.sum(m.build() for m in models)
        assert_canonical(self, total)
        for t in oracle.INSTANTS:
            expected = {}
            for model in models:
                for rc, v in model.value_at(t).items():
                    expected[rc] = expected.get(rc, 0) + v
            self.assertEqual(expected, total.value_at(t))

    @CHECKS
    @given(oracle_timelines(), oracle_timelines())
    def test_minus_is_pointwise(self, left, right):
        difference = left.build() - right.build()
        assert_canonical(self, difference)
        for t in oracle.INSTANTS:
            a, b = left.value_at(t), right.value_at(t)
            expected = {rc: a.get(rc, 0) - b.get(rc, 0)
                        for rc in set(a) | set(b)}
            self.assertEqual(expected, difference.value_at(t))

    @CHECKS
    @given(oracle_timelines())
    def test_adding_then_removing_restores_the_timeline(self, model):
        timeline = model.build()
        before = timeline.copy()
        for start, end, amounts in model.adds:
            timeline.add(start, end, {rc: -a for rc, a in amounts.items()})
        for start, end, amounts in model.adds:
            timeline.add(start, end, amounts)
        self.assertEqual(before, timeline)
        self.assertEqual(before.breakpoints, timeline.breakpoints)
