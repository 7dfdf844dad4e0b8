"""Brute-force reference model and hypothesis strategies for engine tests.

Every breakpoint drawn here is an integer in [0, 50], so evaluating each
integer instant from slightly before 0 to slightly after 50 sees every
distinct value: the functions are constant between integers and after 50.
"""

import itertools
import math

from hypothesis import strategies as st

from promise.engine import HostCalendar, Inventory, Timeline

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

@st.composite
def windows(draw, max_length=20, open_ended=True):
    start = draw(st.integers(0, LAST_BREAKPOINT - 1))
    if open_ended and draw(st.integers(0, 5)) == 0:
        return start, math.inf
    length = draw(st.integers(1, max_length))
    return start, min(start + length, LAST_BREAKPOINT)


def amounts(low, high, min_size=0):
    return st.dictionaries(st.sampled_from(CLASSES), st.integers(low, high),
                           min_size=min_size, max_size=len(CLASSES))


@st.composite
def changes(draw, low, high, max_size):
    items = draw(st.lists(st.tuples(windows(), amounts(low, high)),
                          max_size=max_size))
    return [(s, e, a) for (s, e), a in items]


@st.composite
def inventories(draw):
    out = {}
    for rc in draw(st.sets(st.sampled_from(CLASSES))):
        total = draw(st.integers(0, 20))
        out[rc] = Inventory(
            total=total,
            reserved=draw(st.integers(0, min(3, total))),
            allocation_ratio=draw(st.sampled_from([1.0, 1.5, 2.0, 4.0])),
            max_unit=draw(st.one_of(st.none(), st.integers(1, 12))))
    return out


@st.composite
def oracle_hosts(draw, name="h"):
    return OracleHost(name, draw(inventories()),
                      claims=draw(changes(0, 8, 6)),
                      adjustments=draw(changes(-10, 5, 2)))


@st.composite
def host_groups(draw, max_hosts=4):
    size = draw(st.integers(1, max_hosts))
    hosts = [draw(oracle_hosts(name=f"host-{i}")) for i in range(size)]
    return draw(st.permutations(hosts))
