"""Brute-force reference model and hypothesis strategies for engine tests.

Every breakpoint drawn here is an integer in [0, 50], so evaluating each
integer instant from slightly before 0 to slightly after 50 sees every
distinct value: the functions are constant between integers and after 50.
"""

import functools
import itertools
import math

from hypothesis import strategies as st

from promise.engine import HostCalendar
from promise.engine import Inventory
from promise.engine import Timeline

CLASSES = ("VCPU", "MEMORY_MB", "DISK_GB")
LAST_BREAKPOINT = 50
INSTANTS = range(-2, LAST_BREAKPOINT + 6)


def instants(start, end):
    return [t for t in INSTANTS if start <= t < end]


class OracleTimeline:
    def __init__(self, base=None):
        self.base = dict(base or {})
        self.adds = []

    def add(self, start, end, amounts):
        self.adds.append((start, end, dict(amounts)))

    @property
    def classes(self):
        known = set(self.base)
        for _, _, amounts in self.adds:
            known.update(amounts)
        return known

    def value_at(self, t):
        values = {rc: self.base.get(rc, 0) for rc in self.classes}
        for start, end, amounts in self.adds:
            if start <= t < end:
                for rc, amount in amounts.items():
                    values[rc] += amount
        return values

    def min_over(self, start, end):
        rows = [self.value_at(t) for t in instants(start, end)]
        return {rc: min(row[rc] for row in rows) for rc in self.classes}

    def max_over(self, start, end):
        rows = [self.value_at(t) for t in instants(start, end)]
        return {rc: max(row[rc] for row in rows) for rc in self.classes}

    def build(self):
        timeline = Timeline(self.base)
        for start, end, amounts in self.adds:
            timeline.add(start, end, amounts)
        return timeline


class OracleHost:
    def __init__(self, name, inventories, claims=(), adjustments=()):
        self.name = name
        self.inventories = dict(inventories)
        self.usage = OracleTimeline()
        self.adjustment = OracleTimeline()
        for claim in claims:
            self.usage.add(*claim)
        for change in adjustments:
            self.adjustment.add(*change)

    def free_at(self, t):
        # Rows are cached per instant (and dropped when claims are added)
        # only to keep the exhaustive searches affordable.
        key = (len(self.usage.adds), len(self.adjustment.adds))
        if getattr(self, "_rows_key", None) != key:
            self._rows = {}
            self._rows_key = key
        if t not in self._rows:
            self._rows[t] = self._evaluate_free(t)
        return self._rows[t]

    def _evaluate_free(self, t):
        free = {rc: inv.capacity for rc, inv in self.inventories.items()}
        for rc, v in self.adjustment.value_at(t).items():
            free[rc] = free.get(rc, 0) + v
        for rc, v in self.usage.value_at(t).items():
            free[rc] = free.get(rc, 0) - v
        return free

    def admits(self, amounts):
        for rc, amount in amounts.items():
            inv = self.inventories.get(rc)
            if amount and inv and inv.max_unit is not None \
                    and amount > inv.max_unit:
                return False
        return True

    def copies_fit(self, start, end, amounts, copies):
        if copies == 0:
            return True
        if not self.admits(amounts):
            return False
        for t in instants(start, end):
            free = self.free_at(t)
            for rc, amount in amounts.items():
                if amount and free.get(rc, 0) < copies * amount:
                    return False
        return True

    def max_copies(self, start, end, amounts):
        copies = 0
        while self.copies_fit(start, end, amounts, copies + 1):
            copies += 1
        return copies

    def is_idle(self, start, end):
        for t in instants(start, end):
            if any(self.usage.value_at(t).values()):
                return False
            if any(v < 0 for v in self.adjustment.value_at(t).values()):
                return False
        return True

    def build(self):
        host = HostCalendar(self.name, self.inventories)
        for start, end, amounts in self.usage.adds:
            host.claim(start, end, amounts)
        for start, end, amounts in self.adjustment.adds:
            host.adjust(start, end, amounts)
        return host


def oracle_earliest(fits_at, duration, search_start, search_end):
    for t in range(search_start, INSTANTS.stop):
        if t + duration > search_end:
            return None
        if fits_at(t, t + duration):
            return (t, t + duration)
    return None


def oracle_group_fits(hosts, count, amounts, affinity, start, end):
    """Try every way to split ``count`` instances over the hosts."""
    for split in itertools.product(range(count + 1), repeat=len(hosts)):
        if sum(split) != count:
            continue
        if affinity is True and sum(1 for k in split if k) != 1:
            continue
        if affinity is False and max(split) > 1:
            continue
        if all(h.copies_fit(start, end, amounts, k)
               for h, k in zip(hosts, split)):
            return True
    return False


# -- strategies -----------------------------------------------------------
# Built once at import: constructing strategies inside every draw costs more
# than running the checks themselves.

_STARTS = st.integers(0, LAST_BREAKPOINT - 1)
_OPEN_ENDED = st.integers(0, 5)


@st.composite
def _windows(draw, lengths):
    start = draw(_STARTS)
    if draw(_OPEN_ENDED) == 0:
        return start, math.inf
    return start, min(start + draw(lengths), LAST_BREAKPOINT)


WINDOWS = _windows(st.integers(1, 20))


def windows():
    return WINDOWS


def _present(values):
    return {rc: v for rc, v in zip(CLASSES, values) if v is not None}


@functools.cache
def amounts(low, high, min_size=0):
    """Dicts over a random subset of CLASSES (cheaper than st.dictionaries)."""
    value = st.one_of(st.none(), st.integers(low, high))
    return st.tuples(*[value] * len(CLASSES)).map(_present).filter(
        lambda found: len(found) >= min_size)


@functools.cache
def changes(low, high, max_size):
    return st.lists(st.tuples(WINDOWS, amounts(low, high)),
                    max_size=max_size).map(
        lambda items: [(s, e, a) for (s, e), a in items])


_TOTALS = st.integers(0, 20)
_RESERVED = st.integers(0, 3)
_RATIOS = st.sampled_from([1.0, 1.5, 2.0, 4.0])
_MAX_UNITS = st.one_of(st.none(), st.integers(1, 12))
# Mostly present, so requests often fit; sometimes missing, to cover hosts
# that lack a class.
_CLASS_SETS = st.tuples(*[st.integers(0, 4)] * len(CLASSES)).map(
    lambda keep: [rc for rc, k in zip(CLASSES, keep) if k])


@st.composite
def _inventories(draw):
    out = {}
    for rc in draw(_CLASS_SETS):
        total = draw(_TOTALS)
        out[rc] = Inventory(total=total,
                            reserved=min(draw(_RESERVED), total),
                            allocation_ratio=draw(_RATIOS),
                            max_unit=draw(_MAX_UNITS))
    return out


INVENTORIES = _inventories()
_CLAIMS = changes(0, 8, 6)
_ADJUSTMENTS = changes(-10, 5, 2)


@st.composite
def _hosts(draw, name):
    return OracleHost(name, draw(INVENTORIES), claims=draw(_CLAIMS),
                      adjustments=draw(_ADJUSTMENTS))


@functools.cache
def oracle_hosts(name="h"):
    return _hosts(name)


_SIZES = st.integers(1, 4)


@st.composite
def _host_groups(draw, max_hosts):
    size = min(draw(_SIZES), max_hosts)
    hosts = [draw(oracle_hosts(f"host-{i}")) for i in range(size)]
    return draw(st.permutations(hosts))


@functools.cache
def host_groups(max_hosts=4):
    return _host_groups(max_hosts)
