"""Finding when a claim fits, instead of only whether it fits now."""

import heapq
import math
from typing import Iterable, Iterator, Mapping, Sequence

from promise.engine.calendar import needs_of
from promise.engine.exceptions import InvalidWindow
from promise.engine.placement import PlacementRequest, can_place


def _check_search(duration, search_start) -> None:
    if not duration > 0:
        raise InvalidWindow("duration must be positive")
    if not math.isfinite(search_start):
        raise InvalidWindow("search_start must be a finite time")


def earliest_window(calendar, amounts: Mapping[str, int], duration,
                    search_start, search_end=math.inf) -> tuple | None:
    """Earliest ``(t, t + duration)`` with ``t >= search_start`` and
    ``t + duration <= search_end`` on which ``amounts`` fit, else None.

    Sweeps the free timeline: when a window fails, no window containing
    the failing instant can work, so the next candidate is the first
    instant after it where every class has enough again.  Each stretch of
    the timeline is therefore inspected about once.
    """
    _check_search(duration, search_start)
    needs = needs_of(amounts)
    if search_start + duration > search_end:
        return None
    if not needs:
        return (search_start, search_start + duration)
    if not calendar.admits(needs):
        return None
    free = calendar.free()
    start = free.first_at_least(search_start, needs)
    while start is not None and start + duration <= search_end:
        end = start + duration
        shortfall = free.first_below(start, end, needs)
        if shortfall is None:
            return (start, end)
        start = free.first_at_least(shortfall, needs)
    return None


def max_amount(calendar, unit_amounts: Mapping[str, int], start, end) -> int:
    """How many units of ``unit_amounts`` fit on ``[start, end)``."""
    return calendar.max_units(start, end, unit_amounts)


def candidate_starts(calendars: Iterable, classes: Iterable[str],
                     search_start) -> Iterator:
    """``search_start`` then, in order, every later instant where some
    calendar gains free capacity in one of ``classes``.

    A group that fits from t also fits from a little earlier unless some
    host gained capacity exactly at t, so no other start can be the
    earliest.  The merge is lazy: an early answer never pays for the
    whole horizon of every host.
    """
    classes = tuple(classes)
    yield search_start
    streams = [calendar.free().rises_after(search_start, classes)
               for calendar in calendars]
    last = search_start
    for t in heapq.merge(*streams):
        if t != last:
            yield t
            last = t


def earliest_window_for_hosts(calendars: Sequence, request: PlacementRequest,
                              duration, search_start,
                              search_end=math.inf) -> tuple | None:
    """Earliest window of ``duration`` where ``choose_hosts`` succeeds."""
    _check_search(duration, search_start)
    calendars = list(calendars)
    for start in candidate_starts(calendars, request.needs, search_start):
        end = start + duration
        if end > search_end:
            return None
        if can_place(calendars, request, start, end):
            return (start, end)
    return None
