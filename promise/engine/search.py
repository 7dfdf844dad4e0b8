"""Finding when a claim fits, instead of only whether it fits now."""

from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
import heapq
import math

from promise.engine.calendar import needs_of
from promise.engine.exceptions import InvalidWindow
from promise.engine.placement import can_place
from promise.engine.placement import PlacementRequest
from promise.engine.timeline import Timeline


def _check_search(duration, search_start) -> None:
    if not duration > 0:
        raise InvalidWindow("duration must be positive")
    if not math.isfinite(search_start):
        raise InvalidWindow("search_start must be a finite time")


def _latest_start(duration, search_end):
    if search_end == math.inf:
        return math.inf
    return search_end - duration


def _gaps(spoilers, duration, search_start, latest) -> Iterator[tuple]:
    """Closed intervals ``(lo, hi)`` of the starts ``t`` in
    ``[search_start, latest]`` whose window ``[t, t + duration)`` meets
    none of the sorted, disjoint ``spoilers`` ``[a, b)``.

    A spoiler on ``[a, b)`` rules out exactly the starts in
    ``(a - duration, b)``, so the good starts are the gaps between those
    open intervals and one pass finds all of them.
    """
    cursor = search_start
    for spoil_from, spoil_until in spoilers:
        if cursor > latest:
            return
        last_good = spoil_from - duration
        if last_good >= cursor:
            yield cursor, min(last_good, latest)
        cursor = max(cursor, spoil_until)
    if cursor <= latest and cursor != math.inf:
        yield cursor, latest


def good_starts(free: Timeline, needs: Mapping[str, int], duration,
                search_start, latest) -> Iterator[tuple]:
    """Closed intervals of the starts ``t`` in ``[search_start, latest]``
    for which ``needs`` hold on all of ``[t, t + duration)``; lazy."""
    return _gaps(free.shortfalls(search_start, needs), duration,
                 search_start, latest)


def earliest_window(calendar, amounts: Mapping[str, int], duration,
                    search_start, search_end=math.inf) -> tuple | None:
    """Earliest ``(t, t + duration)`` with ``t >= search_start`` and
    ``t + duration <= search_end`` on which ``amounts`` fit, else None."""
    _check_search(duration, search_start)
    needs = needs_of(amounts)
    if search_start + duration > search_end:
        return None
    if not needs:
        return (search_start, search_start + duration)
    if not calendar.admits(needs):
        return None
    latest = _latest_start(duration, search_end)
    for start, _ in good_starts(calendar.free(), needs, duration,
                                search_start, latest):
        return (start, start + duration)
    return None


def max_amount(calendar, unit_amounts: Mapping[str, int], start, end) -> int:
    """How many units of ``unit_amounts`` fit on ``[start, end)``."""
    return calendar.max_units(start, end, unit_amounts)


def candidate_starts(calendars: Iterable, classes: Iterable[str],
                     search_start) -> Iterator:
    """``search_start`` then, in order and lazily, every later instant
    where some calendar gains free capacity in one of ``classes``: the
    only starts at which an earliest fit can begin."""
    classes = tuple(classes)
    yield search_start
    last = search_start
    for t in heapq.merge(*[calendar.free().rises_after(search_start, classes)
                           for calendar in calendars]):
        if t != last:
            yield t
            last = t


def _first_crowded(intervals: list, wanted: int):
    """Earliest point covered by ``wanted`` of the closed intervals."""
    intervals.sort()
    ends = []
    i = 0
    while i < len(intervals):
        t = intervals[i][0]
        while i < len(intervals) and intervals[i][0] == t:
            heapq.heappush(ends, intervals[i][1])
            i += 1
        while ends[0] < t:
            heapq.heappop(ends)
        if len(ends) >= wanted:
            return t
    return None


def earliest_window_for_hosts(calendars: Sequence, request: PlacementRequest,
                              duration, search_start,
                              search_end=math.inf) -> tuple | None:
    """Earliest window of ``duration`` where ``choose_hosts`` succeeds.

    Host h holds at least k copies from t exactly on the good starts of
    k times the request, so each (host, k) contributes intervals and the
    answer is the first instant covered often enough:
    affinity True needs one host at level ``count``; False needs ``count``
    hosts at level 1; None needs levels 1..count to add up to ``count``.
    """
    _check_search(duration, search_start)
    calendars = list(calendars)
    if search_start + duration > search_end:
        return None
    # Most requests fit straight away; that check stops at the first hosts
    # that settle it, far cheaper than the sweep below.
    if can_place(calendars, request, search_start, search_start + duration):
        return (search_start, search_start + duration)
    count = request.count
    needs = request.needs
    if request.affinity is True:
        levels, wanted = (count,), 1
    elif request.affinity is False:
        levels, wanted = (1,), count
    else:
        levels, wanted = range(1, count + 1), count
    latest = _latest_start(duration, search_end)
    intervals = []
    for calendar in calendars:
        if not calendar.admits(needs):
            continue
        free = calendar.free()
        # No window can hold more copies than the best moment does.
        peak = free.max_over(search_start, math.inf, needs)
        ceiling = min(peak[rc] // need for rc, need in needs.items())
        for level in levels:
            if level > ceiling:
                break
            scaled = {rc: level * need for rc, need in needs.items()}
            intervals.extend(good_starts(free, scaled, duration,
                                         search_start, latest))
    start = _first_crowded(intervals, wanted)
    if start is None:
        return None
    return (start, start + duration)


def earliest_window_for_whole_hosts(calendars: Sequence, min_count: int,
                                    duration, search_start,
                                    search_end=math.inf) -> tuple | None:
    """Earliest window of ``duration`` on which ``choose_whole_hosts``
    would find at least ``min_count`` idle hosts."""
    _check_search(duration, search_start)
    if search_start + duration > search_end:
        return None
    if min_count <= 0:
        return (search_start, search_start + duration)
    latest = _latest_start(duration, search_end)
    intervals = []
    for calendar in calendars:
        intervals.extend(_gaps(calendar.busy_spans(search_start), duration,
                               search_start, latest))
    start = _first_crowded(intervals, min_count)
    if start is None:
        return None
    return (start, start + duration)
