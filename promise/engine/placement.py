"""Choosing hosts for a group of identical instances."""

from collections.abc import Mapping
from collections.abc import Sequence
import dataclasses
import heapq

from promise.engine.calendar import HostCalendar
from promise.engine.calendar import needs_of
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


def _rooms(calendars, needs, start, end) -> list:
    """``(units, free, name, index)`` for every host with room for at
    least one copy; the tuple doubles as the pack ordering key.

    Free capacity is read once per host and call, as plain tuples, which
    keeps a scan over a thousand hosts within a few milliseconds.
    """
    check_window(start, end)
    classes = sorted(needs)
    unit = [needs[rc] for rc in classes]
    rooms = []
    for index, calendar in enumerate(calendars):
        if not calendar.admits(needs):
            continue
        free = calendar.free().min_values(start, end, classes)
        units = min([f // u for f, u in zip(free, unit)])
        if units > 0:
            rooms.append((units, tuple(free), calendar.name, index))
    return rooms


def _spread_key(room):
    units, free, name, index = room
    return (-units, tuple(-v for v in free), name, index)


def _key(strategy):
    return None if strategy == PACK else _spread_key


def choose_hosts(calendars: Sequence[HostCalendar], request: PlacementRequest,
                 start, end) -> list | None:
    """Host names, one per instance, or None when the group does not fit."""
    count = request.count
    rooms = _rooms(calendars, request.needs, start, end)
    key = _key(request.strategy)
    if request.affinity is True:
        fitting = [room for room in rooms if room[0] >= count]
        if not fitting:
            return None
        return [min(fitting, key=key)[2]] * count
    if request.affinity is False:
        if len(rooms) < count:
            return None
        return [room[2] for room in heapq.nsmallest(count, rooms, key=key)]
    if sum(room[0] for room in rooms) < count:
        return None
    # Every room holds at least one copy, so no more than ``count`` of the
    # best-ranked rooms can take part; for spread this holds because a
    # host only loses rank after being picked.
    best = heapq.nsmallest(count, rooms, key=key)
    if request.strategy == PACK:
        return _fill_in_order(best, count)
    return _spread(best, count, [request.needs[rc] for rc in
                                 sorted(request.needs)])


def _fill_in_order(rooms, count) -> list:
    chosen = []
    for units, _, name, _ in rooms:
        chosen.extend([name] * min(units, count - len(chosen)))
        if len(chosen) == count:
            break
    return chosen


def _spread(rooms, count, unit) -> list:
    heap = [_spread_key(room) for room in rooms]
    heapq.heapify(heap)
    chosen = []
    while len(chosen) < count:
        neg_units, neg_free, name, index = heapq.heappop(heap)
        chosen.append(name)
        if neg_units < -1:
            heapq.heappush(heap, (neg_units + 1,
                                  tuple(v + u for v, u in zip(neg_free, unit)),
                                  name, index))
    return chosen


def max_instances(calendars: Sequence[HostCalendar], request: PlacementRequest,
                  start, end) -> int:
    """Largest count ``choose_hosts`` could place for this request."""
    rooms = _rooms(calendars, request.needs, start, end)
    if request.affinity is True:
        return max((room[0] for room in rooms), default=0)
    if request.affinity is False:
        return len(rooms)
    return sum(room[0] for room in rooms)


def can_place(calendars: Sequence[HostCalendar], request: PlacementRequest,
              start, end) -> bool:
    """Same answer as ``choose_hosts(...) is not None``, but stops at the
    first host that settles it."""
    check_window(start, end)
    needs = request.needs
    classes = sorted(needs)
    unit = [needs[rc] for rc in classes]
    count = request.count
    total = 0
    for calendar in calendars:
        if not calendar.admits(needs):
            continue
        free = calendar.free().min_values(start, end, classes)
        units = max(0, min([f // u for f, u in zip(free, unit)]))
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
