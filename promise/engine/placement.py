"""Choosing hosts for a group of identical instances."""

import dataclasses
import heapq
from typing import Mapping, Sequence

from promise.engine.calendar import HostCalendar, needs_of
from promise.engine.exceptions import InvalidAmounts
from promise.engine.timeline import check_window

PACK = "pack"
SPREAD = "spread"
STRATEGIES = (PACK, SPREAD)


@dataclasses.dataclass(frozen=True)
class PlacementRequest:
    """``count`` instances of ``amounts`` each.

    ``affinity`` True puts them all on one host, False on distinct hosts,
    None anywhere.  ``strategy`` only matters when several hosts qualify.
    """

    count: int
    amounts: Mapping[str, int]
    affinity: bool | None = None
    strategy: str = PACK

    def __post_init__(self):
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise InvalidAmounts("count must be an integer")
        if self.count < 1:
            raise InvalidAmounts("count must be at least 1")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {STRATEGIES}")
        if self.affinity not in (True, False, None):
            raise ValueError("affinity must be True, False or None")
        if not needs_of(self.amounts):
            raise InvalidAmounts("an instance must ask for some resource")
        # A private copy keeps the frozen request immune to later edits of
        # the caller's mapping.
        object.__setattr__(self, "amounts", dict(self.amounts))

    @property
    def needs(self) -> dict:
        return needs_of(self.amounts)


@dataclasses.dataclass
class _Room:
    units: int
    free: list
    name: str
    index: int

    def pack_key(self):
        return (self.units, tuple(self.free), self.name, self.index)

    def spread_key(self):
        return (-self.units, tuple(-v for v in self.free), self.name,
                self.index)


def _units(calendar, needs, classes, start, end):
    """(copies that fit, free per class) for one host; free is only
    computed once per host and call, which keeps large pools cheap."""
    if not calendar.admits(needs):
        return 0, None
    room = calendar.headroom(start, end, classes)
    units = min(room[rc] // needs[rc] for rc in classes)
    return max(units, 0), [room[rc] for rc in classes]


def _rooms(calendars, needs, start, end) -> list:
    classes = sorted(needs)
    rooms = []
    for index, calendar in enumerate(calendars):
        units, free = _units(calendar, needs, classes, start, end)
        if units > 0:
            rooms.append(_Room(units, free, calendar.name, index))
    return rooms


def _key(strategy):
    return _Room.pack_key if strategy == PACK else _Room.spread_key


def choose_hosts(calendars: Sequence[HostCalendar], request: PlacementRequest,
                 start, end) -> list | None:
    """Host names, one per instance, or None when the group does not fit."""
    check_window(start, end)
    count = request.count
    needs = request.needs
    rooms = _rooms(calendars, needs, start, end)
    key = _key(request.strategy)
    if request.affinity is True:
        fitting = [room for room in rooms if room.units >= count]
        if not fitting:
            return None
        return [min(fitting, key=key).name] * count
    if request.affinity is False:
        if len(rooms) < count:
            return None
        return [room.name for room in sorted(rooms, key=key)[:count]]
    if sum(room.units for room in rooms) < count:
        return None
    if request.strategy == PACK:
        return _fill_tightest_first(rooms, count)
    return _spread(rooms, count, [needs[rc] for rc in sorted(needs)])


def _fill_tightest_first(rooms, count) -> list:
    chosen = []
    for room in sorted(rooms, key=_Room.pack_key):
        take = min(room.units, count - len(chosen))
        chosen.extend([room.name] * take)
        if len(chosen) == count:
            break
    return chosen


def _spread(rooms, count, unit) -> list:
    heap = [(room.spread_key(), room) for room in rooms]
    heapq.heapify(heap)
    chosen = []
    while len(chosen) < count:
        _, room = heapq.heappop(heap)
        chosen.append(room.name)
        room.units -= 1
        room.free = [v - u for v, u in zip(room.free, unit)]
        if room.units:
            heapq.heappush(heap, (room.spread_key(), room))
    return chosen


def max_instances(calendars: Sequence[HostCalendar], request: PlacementRequest,
                  start, end) -> int:
    """Largest count ``choose_hosts`` could place for this request."""
    check_window(start, end)
    rooms = _rooms(calendars, request.needs, start, end)
    if request.affinity is True:
        return max((room.units for room in rooms), default=0)
    if request.affinity is False:
        return len(rooms)
    return sum(room.units for room in rooms)


def can_place(calendars: Sequence[HostCalendar], request: PlacementRequest,
              start, end) -> bool:
    """Same answer as ``choose_hosts(...) is not None``, but stops at the
    first host that settles it."""
    check_window(start, end)
    needs = request.needs
    classes = sorted(needs)
    count = request.count
    total = 0
    for calendar in calendars:
        units, _ = _units(calendar, needs, classes, start, end)
        if request.affinity is True:
            total = max(total, units)
        elif request.affinity is False:
            total += 1 if units else 0
        else:
            total += units
        if total >= count:
            return True
    return False


def choose_whole_hosts(calendars: Sequence[HostCalendar], min_count: int,
                       max_count: int | None, start, end) -> list | None:
    """Names of hosts with nothing claimed and no capacity taken away
    during the window, in name order, as many as available up to
    ``max_count`` (None: no limit); None when fewer than ``min_count``."""
    check_window(start, end)
    if min_count < 0 or (max_count is not None and max_count < min_count):
        raise InvalidAmounts("need 0 <= min_count <= max_count")
    ordered = sorted(enumerate(calendars), key=lambda p: (p[1].name, p[0]))
    chosen = []
    for _, calendar in ordered:
        if max_count is not None and len(chosen) >= max_count:
            break
        if calendar.is_idle(start, end):
            chosen.append(calendar.name)
    if len(chosen) < min_count:
        return None
    return chosen
