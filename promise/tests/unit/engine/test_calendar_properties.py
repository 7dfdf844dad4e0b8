"""Host and pool calendars and single-calendar search against brute force."""

import math

from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise.engine import earliest_window
from promise.engine import PoolCalendar
from promise.engine import Timeline
from promise.tests.unit.engine import oracle

CHECKS = settings(max_examples=200, deadline=None, database=None)


class HostCalendarPropertyTest(testtools.TestCase):

    @CHECKS
    @given(oracle.oracle_hosts(), oracle.windows(), oracle.amounts(0, 12))
    def test_fits(self, model, window, amounts):
        host = model.build()
        self.assertEqual(model.copies_fit(*window, amounts, 1),
                         host.fits(*window, amounts))

    @CHECKS
    @given(oracle.oracle_hosts(), oracle.windows())
    def test_headroom_and_free(self, model, window):
        host = model.build()
        room = host.headroom(*window)
        for rc, value in room.items():
            self.assertEqual(
                min(model.free_at(t).get(rc, 0)
                    for t in oracle.instants(*window)), value)
        free = host.free()
        for t in oracle.INSTANTS:
            expected = model.free_at(t)
            actual = free.value_at(t)
            for rc in set(expected) | set(actual):
                self.assertEqual(expected.get(rc, 0), actual.get(rc, 0))

    @CHECKS
    @given(oracle.oracle_hosts(), oracle.windows(),
           oracle.amounts(0, 6, min_size=1))
    def test_max_units(self, model, window, unit):
        assume(any(unit.values()))
        self.assertEqual(model.max_copies(*window, unit),
                         model.build().max_units(*window, unit))

    @CHECKS
    @given(oracle.oracle_hosts(), oracle.amounts(0, 12),
           st.one_of(st.integers(1, 20), st.just(math.inf)),
           st.integers(0, oracle.LAST_BREAKPOINT),
           st.one_of(st.just(math.inf), st.integers(1, 80)))
    def test_earliest_window(self, model, amounts, duration, start, end):
        expected = oracle.oracle_earliest(
            lambda s, e: model.copies_fit(s, e, amounts, 1),
            duration, start, end)
        self.assertEqual(expected, earliest_window(
            model.build(), amounts, duration, start, end))

    @CHECKS
    @given(oracle.oracle_hosts(), oracle.windows(), oracle.changes(0, 8, 3))
    def test_release_undoes_claim(self, model, window, claims):
        host = model.build()
        before = host.free().copy()
        for start, end, amounts in claims:
            host.claim(start, end, amounts)
        for start, end, amounts in claims:
            host.release(start, end, amounts)
        self.assertEqual(before, host.free())


class PoolCalendarPropertyTest(testtools.TestCase):

    @CHECKS
    @given(oracle.host_groups(), oracle.changes(0, 8, 3),
           oracle.changes(-6, 6, 2), oracle.windows(), oracle.amounts(0, 20))
    def test_pool_free_and_fits(self, models, claims, changes, window,
                                amounts):
        usage, adjustments = Timeline(), Timeline()
        for claim in claims:
            usage.add(*claim)
        for change in changes:
            adjustments.add(*change)
        pool = PoolCalendar("pool", [m.build() for m in models],
                            usage=usage, adjustments=adjustments)

        def free_at(t):
            free = {}
            for model in models:
                for rc, v in model.free_at(t).items():
                    free[rc] = free.get(rc, 0) + v
            for rc, v in adjustments.value_at(t).items():
                free[rc] = free.get(rc, 0) + v
            for rc, v in usage.value_at(t).items():
                free[rc] = free.get(rc, 0) - v
            return free

        for t in oracle.INSTANTS:
            expected, actual = free_at(t), pool.free().value_at(t)
            for rc in set(expected) | set(actual):
                self.assertEqual(expected.get(rc, 0), actual.get(rc, 0))
        expected_fit = all(free_at(t).get(rc, 0) >= a
                           for t in oracle.instants(*window)
                           for rc, a in amounts.items() if a)
        self.assertEqual(expected_fit, pool.fits(*window, amounts))
