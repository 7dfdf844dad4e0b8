"""The calendar as the filter holds it, against the engine's Timeline."""
import math

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise.manager import calendar_endpoint
from promise.nova import calendar
from promise.tests.unit.nova import fakes

CHECKS = settings(max_examples=150, deadline=None, database=None)

claims = st.lists(st.tuples(
    st.integers(-5, 20), st.integers(1, 10),
    st.fixed_dictionaries({'VCPU': st.integers(0, 8),
                           'MEMORY_MB': st.integers(-4, 16)})),
    max_size=8)


def _timeline(raw):
    return fakes.timeline(*[(s, s + d, a) for s, d, a in raw])


class TestSteps(testtools.TestCase):

    @CHECKS
    @given(claims, st.integers(-3, 25), st.integers(1, 30) | st.just(None))
    def test_peak_is_the_engines_max_over(self, raw, now, length):
        tl = _timeline(raw)
        entry = fakes.host_entry({}, reserved=tl)
        if 't' not in entry:
            self.assertFalse(any(
                any(v for v in row.values())
                for _, row in tl.steps(fakes.NOW, math.inf)))
            return
        steps = calendar.Steps(fakes.CLASSES, entry['t'], entry['reserved'])
        start = fakes.NOW + max(now, 0)
        end = math.inf if length is None else start + length
        expected = tl.max_over(start, end, fakes.CLASSES)
        self.assertEqual(tuple(expected[rc] for rc in fakes.CLASSES),
                         steps.peak(start, end))

    @CHECKS
    @given(claims, st.integers(-3, 25))
    def test_fakes_write_what_the_manager_writes(self, raw, now):
        tl = _timeline(raw)
        self.assertEqual(list(calendar_endpoint.CLASSES), fakes.CLASSES)
        self.assertEqual(calendar_endpoint._arrays(tl, fakes.NOW + now),
                         fakes.arrays(tl, fakes.NOW + now))

    def test_before_the_calendars_now_counts_as_now(self):
        tl = fakes.timeline((-10, 5, {'VCPU': 3}), (5, 6, {'VCPU': 1}))
        entry = fakes.host_entry({}, reserved=tl)
        steps = calendar.Steps(fakes.CLASSES, entry['t'], entry['reserved'])
        self.assertEqual(3, steps.peak(fakes.NOW - 100, fakes.NOW + 1)[0])


class TestCalendar(testtools.TestCase):

    def _doc(self, vcpus):
        return fakes.document({
            'a': fakes.host_entry({'VCPU': 8}, fakes.timeline(
                (1, 2, {'VCPU': vcpus}))),
            'b': fakes.host_entry({'VCPU': 8}, fakes.timeline(
                (1, 2, {'VCPU': 1})))},
            {'r1': {'lease_id': 'l1', 'status': 'ACTIVE',
                    'end': fakes.NOW + 10, 'hosts': {'a': [1, 2, 3, 1]}}})

    def test_unchanged_hosts_are_reused(self):
        first = calendar.Calendar(self._doc(2), 'e1')
        second = calendar.Calendar(self._doc(3), 'e2', first)
        self.assertIsNot(first.hosts['a'], second.hosts['a'])
        self.assertIs(first.hosts['b'], second.hosts['b'])
        self.assertEqual('e2', second.etag)

    def test_capacity_and_reservations(self):
        cal = calendar.Calendar(self._doc(2))
        self.assertEqual((8, math.inf, math.inf, math.inf),
                         cal.hosts['a'].capacity)
        self.assertIsNone(cal.hosts['a'].taken)
        res = cal.reservations['r1']
        self.assertEqual((1, 2, 3, 1), res.hosts['a'])
        self.assertTrue(res.running(fakes.NOW))
        self.assertFalse(res.running(fakes.NOW + 10))
        res.status = 'PENDING'
        self.assertFalse(res.running(fakes.NOW))
