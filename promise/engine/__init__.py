"""Capacity engine: decides whether resource claims over time fit.

Pure computation on numbers: no database, clock or I/O.
"""

from promise.engine.calendar import HostCalendar, PoolCalendar, needs_of
from promise.engine.exceptions import (EngineError, FrozenTimelineError,
                                       InvalidAmounts, InvalidWindow)
from promise.engine.inventory import Inventory
from promise.engine.placement import (PACK, SPREAD, PlacementRequest,
                                      can_place, choose_hosts,
                                      choose_whole_hosts, max_instances)
from promise.engine.search import (earliest_window,
                                   earliest_window_for_hosts, good_starts,
                                   max_amount)
from promise.engine.timeline import Timeline, check_window

__all__ = [
    "EngineError",
    "FrozenTimelineError",
    "HostCalendar",
    "InvalidAmounts",
    "InvalidWindow",
    "Inventory",
    "PACK",
    "PlacementRequest",
    "PoolCalendar",
    "SPREAD",
    "Timeline",
    "can_place",
    "check_window",
    "choose_hosts",
    "choose_whole_hosts",
    "earliest_window",
    "earliest_window_for_hosts",
    "good_starts",
    "max_amount",
    "max_instances",
    "needs_of",
]
