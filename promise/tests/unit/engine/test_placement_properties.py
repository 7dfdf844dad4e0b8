"""Group placement and multi-host search against exhaustive enumeration."""

import collections
import math
from unittest import mock

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise.engine import can_place
from promise.engine import choose_hosts
from promise.engine import choose_whole_hosts
from promise.engine import earliest_window_for_hosts
from promise.engine import earliest_window_for_whole_hosts
from promise.engine import max_instances
from promise.engine import PlacementRequest
from promise.engine import search
from promise.tests.unit.engine import oracle

CHECKS = settings(max_examples=200, deadline=None, database=None)

requests = st.builds(
    PlacementRequest,
    count=st.integers(1, 4),
    amounts=oracle.amounts(1, 6, min_size=1),
    affinity=st.sampled_from([True, False, None]),
    strategy=st.sampled_from(["pack", "spread"]))


class PlacementPropertyTest(testtools.TestCase):

    @CHECKS
    @given(oracle.host_groups(), requests, oracle.windows())
    def test_choose_hosts(self, models, request, window):
        calendars = [m.build() for m in models]
        chosen = choose_hosts(calendars, request, *window)
        possible = oracle.oracle_group_fits(
            models, request.count, request.amounts, request.affinity,
            *window)
        self.assertEqual(possible, chosen is not None)
        self.assertEqual(possible, can_place(calendars, request, *window))
        if chosen is None:
            return
        self.assertEqual(request.count, len(chosen))
        per_host = collections.Counter(chosen)
        if request.affinity is True:
            self.assertEqual(1, len(per_host))
        if request.affinity is False:
            self.assertEqual(request.count, len(per_host))
        by_name = {m.name: m for m in models}
        for name, copies in per_host.items():
            model = by_name[name]
            self.assertTrue(model.admits(request.amounts))
            for _ in range(copies):
                model.usage.add(*window, request.amounts)
            for t in oracle.instants(*window):
                free = model.free_at(t)
                for rc in request.amounts:
                    self.assertGreaterEqual(free.get(rc, 0), 0)
        # Ties are broken by name, so input order must not matter.
        self.assertEqual(chosen, choose_hosts(calendars[::-1], request,
                                              *window))

    @CHECKS
    @given(oracle.host_groups(), requests, oracle.windows())
    def test_max_instances(self, models, request, window):
        copies = [m.max_copies(*window, request.amounts) for m in models]
        if request.affinity is True:
            expected = max(copies)
        elif request.affinity is False:
            expected = sum(1 for c in copies if c)
        else:
            expected = sum(copies)
        calendars = [m.build() for m in models]
        self.assertEqual(expected, max_instances(calendars, request, *window))
        if expected:
            bigger = PlacementRequest(expected, request.amounts,
                                      request.affinity, request.strategy)
            self.assertIsNotNone(choose_hosts(calendars, bigger, *window))
        beyond = PlacementRequest(expected + 1, request.amounts,
                                  request.affinity, request.strategy)
        self.assertIsNone(choose_hosts(calendars, beyond, *window))

    @CHECKS
    @given(oracle.host_groups(max_hosts=3), requests,
           st.integers(1, 15), st.integers(0, oracle.LAST_BREAKPOINT),
           st.one_of(st.just(math.inf), st.integers(1, 70)))
    def test_earliest_window_for_hosts(self, models, request, duration,
                                       start, end):
        expected = oracle.oracle_earliest(
            lambda s, e: oracle.oracle_group_fits(
                models, request.count, request.amounts, request.affinity,
                s, e),
            duration, start, end)
        calendars = [m.build() for m in models]
        self.assertEqual(expected, earliest_window_for_hosts(
            calendars, request, duration, start, end))

    @CHECKS
    @given(oracle.host_groups(max_hosts=3), requests,
           st.integers(1, 15), st.integers(0, oracle.LAST_BREAKPOINT))
    def test_interval_sweep_alone(self, models, request, duration, start):
        # Without the quick check at search_start every answer, including
        # the immediate ones, comes from the sweep over good intervals.
        expected = oracle.oracle_earliest(
            lambda s, e: oracle.oracle_group_fits(
                models, request.count, request.amounts, request.affinity,
                s, e),
            duration, start, math.inf)
        calendars = [m.build() for m in models]
        with mock.patch.object(search, "can_place", return_value=False):
            self.assertEqual(expected, earliest_window_for_hosts(
                calendars, request, duration, start))

    @CHECKS
    @given(oracle.host_groups(), st.integers(0, 4),
           st.one_of(st.integers(1, 15), st.just(math.inf)),
           st.integers(0, oracle.LAST_BREAKPOINT),
           st.one_of(st.just(math.inf), st.integers(1, 70)))
    def test_earliest_window_for_whole_hosts(self, models, wanted, duration,
                                             start, end):
        expected = oracle.oracle_earliest(
            lambda s, e: sum(m.is_idle(s, e) for m in models) >= wanted,
            duration, start, end)
        calendars = [m.build() for m in models]
        self.assertEqual(expected, earliest_window_for_whole_hosts(
            calendars, wanted, duration, start, end))

    @CHECKS
    @given(oracle.host_groups(), oracle.windows(), st.integers(0, 4),
           st.integers(0, 4))
    def test_choose_whole_hosts(self, models, window, low, extra):
        idle = sorted(m.name for m in models if m.is_idle(*window))
        expected = idle[:low + extra] if len(idle) >= low else None
        calendars = [m.build() for m in models]
        self.assertEqual(expected, choose_whole_hosts(
            calendars, low, low + extra, *window))
