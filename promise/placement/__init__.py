"""Policy-based placement: Datalog policies, their evaluation on clingo,
and re-placement plans on CP-SAT.

A pure package: no database, API, manager or VIM imports.  Callers build
a :class:`DataCentre` snapshot from whatever they read (VIM driver,
measurements, database) and call:

* ``Policy(name, text, hard=...)`` — parse and validate (raises
  :class:`PolicyError` with line and column);
* ``PolicySet([...]).evaluate(tables)`` / ``.violations(tables)`` /
  ``.simulate(tables, changes)``;
* ``DataCentre(...).tables()`` — the tables policies read;
* ``audit(policies, dc, scope, options)`` — violations and a verified
  :class:`Plan`;
* ``consolidate(dc)`` — the greedy baseline.
"""

from promise.placement.actionplan import Plan
from promise.placement.datacentre import build_tables
from promise.placement.datacentre import DataCentre
from promise.placement.datacentre import flavor_size
from promise.placement.datacentre import Move
from promise.placement.datacentre import Server
from promise.placement.datacentre import Vm
from promise.placement.errors import EvaluationError
from promise.placement.errors import PlacementError
from promise.placement.errors import PlanningError
from promise.placement.errors import PolicyError
from promise.placement.errors import PolicySyntaxError
from promise.placement.errors import PolicyValidationError
from promise.placement.greedy import consolidate
from promise.placement.planner import Audit
from promise.placement.planner import audit
from promise.placement.planner import AuditScope
from promise.placement.planner import plan
from promise.placement.planner import PlannerOptions
from promise.placement.policy import Change
from promise.placement.policy import Policy
from promise.placement.policy import PolicySet
from promise.placement.policy import Simulation
from promise.placement.schemas import DEFAULT_SCHEMAS

__all__ = [
    "Audit", "AuditScope", "build_tables", "Change", "consolidate",
    "DataCentre", "DEFAULT_SCHEMAS", "EvaluationError", "flavor_size",
    "Move", "Plan", "plan", "PlacementError", "PlannerOptions",
    "PlanningError", "Policy", "PolicyError", "PolicySet",
    "PolicySyntaxError", "PolicyValidationError", "Server", "Simulation",
    "audit", "Vm",
]
