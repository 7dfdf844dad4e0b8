"""Capacity engine: decides whether resource claims over time fit.

Pure computation on numbers: no database, clock or I/O.
"""

from promise.engine.calendar import HostCalendar
from promise.engine.calendar import needs_of
from promise.engine.calendar import PoolCalendar
from promise.engine.exceptions import EngineError
from promise.engine.exceptions import FrozenTimelineError
from promise.engine.exceptions import InvalidAmounts
from promise.engine.exceptions import InvalidWindow
from promise.engine.inventory import Inventory
from promise.engine.placement import can_place
from promise.engine.placement import choose_hosts
from promise.engine.placement import choose_whole_hosts
from promise.engine.placement import max_instances
from promise.engine.placement import PACK
from promise.engine.placement import PlacementRequest
from promise.engine.placement import SPREAD
from promise.engine.search import candidate_starts
from promise.engine.search import earliest_window
from promise.engine.search import earliest_window_for_hosts
from promise.engine.search import earliest_window_for_whole_hosts
from promise.engine.search import good_starts
from promise.engine.search import max_amount
from promise.engine.timeline import check_window
from promise.engine.timeline import Timeline

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
    "candidate_starts",
    "check_window",
    "choose_hosts",
    "choose_whole_hosts",
    "earliest_window",
    "earliest_window_for_hosts",
    "earliest_window_for_whole_hosts",
    "good_starts",
    "max_amount",
    "max_instances",
    "needs_of",
]
