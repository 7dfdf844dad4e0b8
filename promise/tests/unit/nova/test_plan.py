"""Host checks of one request, and their agreement with admission."""
import math

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise import engine
from promise.nova import calendar
from promise.nova import plan
from promise.tests.unit.nova import fakes

CHECKS = settings(max_examples=300, deadline=None, database=None)
CAPACITY = {'VCPU': 16, 'MEMORY_MB': 64, 'DISK_GB': 100, 'INSTANCES': 8}
FLAVOR = {'VCPU': 4, 'MEMORY_MB': 16, 'DISK_GB': 10, 'INSTANCES': 1}

reservations = st.lists(st.tuples(
    st.integers(1, 20), st.integers(1, 10),
    st.fixed_dictionaries({'VCPU': st.integers(0, 12),
                           'MEMORY_MB': st.integers(0, 48),
                           'INSTANCES': st.integers(0, 3)})),
    max_size=6)


def _host(name, **used):
    return fakes.HostState.sized(name, CAPACITY, **used)


def _calendar(hosts, reservations=None):
    return calendar.Calendar(fakes.document(hosts, reservations))


class TestAgreement(testtools.TestCase):
    """The filter passes a host exactly when admission would admit the
    instance as a claim on top of current use and future reservations."""

    @CHECKS
    @given(reservations,
           st.fixed_dictionaries({'VCPU': st.integers(0, 16),
                                  'MEMORY_MB': st.integers(0, 64),
                                  'INSTANCES': st.integers(0, 8)}),
           st.fixed_dictionaries({'VCPU': st.integers(0, 8),
                                  'MEMORY_MB': st.integers(0, 32),
                                  'DISK_GB': st.integers(0, 20)}),
           st.integers(0, 15), st.integers(1, 30) | st.just(None))
    def test_same_decision_as_the_engine(self, raw, used, flavor, now,
                                         length):
        reserved = fakes.timeline(*[(s, s + d, a) for s, d, a in raw])
        cal = _calendar({'h': fakes.host_entry(CAPACITY, reserved)})
        t0 = fakes.NOW + now
        end = math.inf if length is None else t0 + length
        host = fakes.HostState.sized(
            'h', CAPACITY, vcpus_used=used['VCPU'],
            ram_used=used['MEMORY_MB'], instances=used['INSTANCES'])
        amounts = dict(flavor, INSTANCES=1)
        decided = plan.Plan(cal, t0, amounts, end).passes(host)

        usage = reserved.copy()
        usage.add(t0, math.inf, {'VCPU': used['VCPU'],
                                 'MEMORY_MB': used['MEMORY_MB'],
                                 'INSTANCES': used['INSTANCES']})
        host_cal = engine.HostCalendar(
            'h', {rc: engine.Inventory(total=v)
                  for rc, v in CAPACITY.items()}, usage)
        if cal.hosts['h'].reserved is None:
            # Nothing reserved: the filter leaves current fit to Placement.
            self.assertTrue(decided)
        else:
            self.assertEqual(host_cal.fits(t0, end, amounts), decided)


class TestPlan(testtools.TestCase):
    def setUp(self):
        super().setUp()
        # Host "r" is wholly reserved from +100 s to +200 s; "f" is free.
        full = fakes.timeline((100, 200, CAPACITY))
        self.cal = _calendar(
            {'r': fakes.host_entry(CAPACITY, full),
             'f': fakes.host_entry(CAPACITY),
             'down': fakes.host_entry(
                 CAPACITY, taken=fakes.timeline((0, 50, {'VCPU': 16})),
                 reserved=fakes.timeline((0, 50, {'VCPU': 16})))},
            {'active': {'lease_id': 'l', 'status': 'ACTIVE',
                        'end': fakes.NOW + 100,
                        'hosts': {'r': [8, 32, 50, 2]}},
             'pending': {'lease_id': 'l2', 'status': 'PENDING',
                         'end': fakes.NOW + 300,
                         'hosts': {'f': [16, 64, 100, 8]}}})

    def _passing(self, **kwargs):
        p = plan.Plan(self.cal, fakes.NOW, FLAVOR, **kwargs)
        return sorted(h for h in ('r', 'f', 'down', 'unknown')
                      if p.passes(_host(h)))

    def test_open_ended_boot_keeps_off_future_reservations(self):
        self.assertEqual(['f', 'unknown'], self._passing())

    def test_boot_ending_before_the_reservation_may_use_it(self):
        self.assertEqual(['f', 'r', 'unknown'],
                         self._passing(end=fakes.NOW + 100))
        self.assertEqual(['f', 'unknown'],
                         self._passing(end=fakes.NOW + 101))

    def test_boot_that_fits_beside_the_reservation(self):
        half = fakes.timeline((100, 200, {'VCPU': 8, 'MEMORY_MB': 32}))
        cal = _calendar({'r': fakes.host_entry(CAPACITY, half)})
        p = plan.Plan(cal, fakes.NOW, FLAVOR)
        self.assertTrue(p.passes(_host('r', vcpus_used=4)))
        self.assertFalse(p.passes(_host('r', vcpus_used=5)))

    def test_preemptible_uses_reserved_but_not_taken_capacity(self):
        self.assertEqual(['f', 'r', 'unknown'],
                         self._passing(preemptible=True))

    def test_reservation_hint(self):
        self.assertEqual(['r'], self._passing(reservation='active'))
        # The reservation holds 8 vCPUs on "r": a bigger instance does not
        # fit in it.
        p = plan.Plan(self.cal, fakes.NOW, dict(FLAVOR, VCPU=9),
                      reservation='active')
        self.assertFalse(p.passes(_host('r')))
        # Nor does one the host has no room for.
        p = plan.Plan(self.cal, fakes.NOW, FLAVOR, reservation='active')
        self.assertFalse(p.passes(_host('r', vcpus_used=13)))

    def test_reservation_that_is_not_running_passes_nothing(self):
        self.assertEqual([], self._passing(reservation='pending'))
        self.assertEqual([], self._passing(reservation='unknown'))
        late = plan.Plan(self.cal, fakes.NOW + 100, FLAVOR,
                         reservation='active')
        self.assertFalse(late.passes(_host('r')))

    def test_unreachable_promise_follows_the_fail_mode(self):
        self.assertTrue(plan.Plan(None, fakes.NOW, FLAVOR).passes(
            _host('r')))
        closed = plan.Plan(None, fakes.NOW, FLAVOR, fail_open=False)
        self.assertFalse(closed.passes(_host('f')))
        self.assertIn('fail closed', closed.reason)

    def test_only_asked_classes_are_checked(self):
        over = fakes.timeline((0, 10, {'DISK_GB': 200}))
        cal = _calendar({'h': fakes.host_entry(CAPACITY, over)})
        host = _host('h')
        self.assertFalse(plan.Plan(cal, fakes.NOW, FLAVOR).passes(host))
        self.assertTrue(plan.Plan(cal, fakes.NOW, dict(FLAVOR, DISK_GB=0))
                        .passes(host))
