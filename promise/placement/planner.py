"""Re-placement: from an audit's violations to an action plan, on CP-SAT.

Hard constraints: server capacities and the hard policies of a shape the
model knows (anti-affinity).  Objective, lexicographically: violations of
the soft policies the model knows (utilization bands: servers in the band
beyond the allowance), then migrations, then the tie-break.

Scope (:class:`AuditScope`) says which VMs may move and where:

* ``mode="violating"`` (default): the VMs on the servers named by error
  rows (and the VMs named by error rows);  ``mode="all"``: every VM, so
  a plan may also take VMs off full servers;  ``vms``: an explicit set.
* targets: the servers of the movable VMs, the servers inside a band, and
  the ``max_spare_targets`` other active servers with the most free room
  (empty servers only with ``use_empty_servers``);  ``targets``: an
  explicit set.  Servers outside a band with room are interchangeable for
  the bands, so a few of them suffice; the proven lower bound holds for
  this candidate model.

Tie-break (:class:`PlannerOptions.tie_break`) among plans with as few
violations and migrations: ``"pack"`` (default) maximises the sum of
squared utilizations of the servers in the model, which empties a server
towards being switched off (the draft's argument for its placements 2
and 3); ``"spread"`` minimises it; ``"none"`` keeps the first optimum.
The solver runs on one worker by default, which makes the choice
reproducible; with more workers equal plans may come out in any order.

Every plan is checked by evaluating all policies on clingo on the
placement it produces.  A plan that breaks a hard policy, does not clear
what the model predicted, or worsens a policy the model could not
compile is forbidden in the model and the solver runs again, up to
``max_rounds`` times.
"""

import dataclasses
from fractions import Fraction
import math
import time

from ortools.sat.python import cp_model

from promise.placement import actionplan
from promise.placement import errors
from promise.placement import ordering
from promise.placement import shapes


@dataclasses.dataclass(frozen=True)
class AuditScope:
    mode: str = "violating"
    vms: frozenset | None = None
    targets: frozenset | None = None
    max_spare_targets: int = 24
    max_source_targets: int = 12
    use_empty_servers: bool = False

    def __post_init__(self):
        if self.mode not in ("violating", "all"):
            raise ValueError("mode must be 'violating' or 'all'")


@dataclasses.dataclass(frozen=True)
class PlannerOptions:
    tie_break: str = "pack"
    time_limit: float = 10.0
    workers: int = 1
    max_rounds: int = 5
    seed: int = 0

    def __post_init__(self):
        if self.tie_break not in ("pack", "spread", "none"):
            raise ValueError("tie_break must be 'pack', 'spread' or 'none'")


@dataclasses.dataclass
class Audit:
    """Violations per policy and the plan that repairs them (None when
    nothing is violated)."""

    violations: dict
    plan: actionplan.Plan | None


def audit(policies, dc, scope=None, options=None):
    """Evaluate ``policies`` on ``dc``; plan a repair if any is violated."""
    violations = policies.violations(dc.tables())
    if not any(violations.values()):
        return Audit(violations, None)
    return Audit(violations, plan(policies, dc, scope, options, violations))


def _movable(dc, scope, violations):
    if scope.vms is not None:
        return sorted(v for v in scope.vms if dc.vms[v].host is not None)
    if scope.mode == "all":
        return sorted(v for v, vm in dc.vms.items() if vm.host is not None)
    out = set()
    for rows in violations.values():
        for row in rows:
            for value in row:
                if value in dc.servers:
                    out.update(dc.on_host[value])
                elif value in dc.vms and dc.vms[value].host is not None:
                    out.add(value)
    return sorted(out)


def _free_fraction(dc, server):
    used = dc.used(server)
    capacity = dc.servers[server].capacity
    return min((capacity[rc] - used.get(rc, 0)) / capacity[rc]
               for rc in dc.resources if capacity.get(rc))


def _room(dc, server):
    used = dc.used(server)
    return dc.servers[server].capacity.get("VCPU", 0) - used.get("VCPU", 0)


def _components(dc, scope, movable, bands):
    """``[(vms, targets)]``: independent sub-models.

    With the default scope, the VMs of in-band servers of one type form
    one component whose targets are those servers and its own share of
    spare servers; components share no server, so their anti-affinity
    and capacity constraints cannot interact and each is solved alone.
    Other scopes give one component.
    """
    in_band = {}
    for band in bands:
        for s, server in dc.servers.items():
            if (server.server_type == band.server_type and dc.on_host[s]
                    and band.in_band(dc.utilization(s))):
                in_band.setdefault(s, band.server_type)
    if scope.targets is not None:
        return [(movable, set(scope.targets)
                 | {dc.vms[v].host for v in movable})]
    groups = {}
    if scope.mode == "violating" and scope.vms is None:
        for vm in movable:
            groups.setdefault(in_band.get(dc.vms[vm].host), []).append(vm)
    else:
        groups[None] = list(movable)
    taken = set(in_band) | {dc.vms[v].host for v in movable}
    smallest = min((dc.vms[v].size for v in movable),
                   key=lambda size: sorted(size.values()), default=None)
    spare = [s for s in dc.servers
             if s not in taken and (dc.on_host[s] or scope.use_empty_servers)
             and smallest is not None and dc.fits(s, smallest)]
    spare.sort(key=lambda s: (-_free_fraction(dc, s), s))
    components = []
    for key, vms in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        targets = {dc.vms[v].host for v in vms}
        if key is not None:
            targets |= {s for s, t in in_band.items() if t == key}
        elif len(groups) == 1:
            targets |= set(in_band)
        need = 1.5 * sum(dc.vms[v].size.get("VCPU", 0) for v in vms)
        room = added = 0
        while spare and added < scope.max_spare_targets \
                and (room < need or added < 8):
            server = spare.pop(0)
            targets.add(server)
            room += _room(dc, server)
            added += 1
        components.append((sorted(vms), targets))
    return components


class _Model:
    """The CP-SAT model of one re-placement."""

    def __init__(self, dc, movable, targets, bands, anti_affinity,
                 source_targets=None):
        self.dc = dc
        self.model = cp_model.CpModel()
        self.movable = movable
        self.movable_set = moving = set(movable)
        self.hosts = sorted(targets)
        groups = dc.group_of() if anti_affinity else {}
        fixed_members = {}
        for group, members in dc.groups.items():
            for vm in members:
                if vm not in moving and vm in dc.vms and dc.vms[vm].host:
                    fixed_members.setdefault(group, set()).add(
                        dc.vms[vm].host)
        self.fixed_used = {}
        for host in self.hosts:
            used = {}
            for vm in dc.on_host[host]:
                if vm not in moving:
                    for rc, amount in dc.vms[vm].size.items():
                        used[rc] = used.get(rc, 0) + amount
            self.fixed_used[host] = used
        self.x = {}
        self.forced = 0
        sources = sorted({dc.vms[vm].host for vm in movable},
                         key=lambda h: (-dc.utilization(h), h))
        for vm in movable:
            current = dc.vms[vm].host
            size = dc.vms[vm].size
            # Each VM may go to the fullest few other servers it shares
            # the model with (they need the least to leave a band from
            # above) and to every spare server.
            blocked = set()
            if source_targets is not None:
                others = [h for h in sources
                          if h != current and dc.fits(h, size)]
                blocked = set(others[source_targets:])
            for group in groups.get(vm, ()):
                blocked |= fixed_members.get(group, set())
            options = [h for h in self.hosts
                       if h not in blocked
                       and dc.fits(h, size, self.fixed_used[h])]
            if current not in options:
                self.forced += 1
            if not options:
                raise errors.PlanningError(
                    f"VM {vm} fits on no candidate server without breaking "
                    f"capacity or anti-affinity")
            for h in options:
                self.x[vm, h] = self.model.NewBoolVar(f"x[{vm},{h}]")
            self.model.AddExactlyOne(self.x[vm, h] for h in options)
        self.on = {}
        for (vm, h), var in self.x.items():
            self.on.setdefault(h, []).append((vm, var))
        for h in self.hosts:
            capacity = dc.servers[h].capacity
            for rc in capacity:
                terms = [dc.vms[vm].size.get(rc, 0) * var
                         for vm, var in self.on.get(h, ())
                         if dc.vms[vm].size.get(rc, 0)]
                if terms:
                    self.model.Add(sum(terms) <= capacity[rc]
                                   - self.fixed_used[h].get(rc, 0))
        if anti_affinity:
            for group, members in dc.groups.items():
                for h in self.hosts:
                    share = [self.x[vm, h] for vm in members
                             if (vm, h) in self.x]
                    if len(share) > 1:
                        self.model.AddAtMostOne(share)
        self.migrations = self.forced + sum(
            1 - self.x[vm, dc.vms[vm].host] for vm in movable
            if (vm, dc.vms[vm].host) in self.x)
        self.violations = sum(self._band(b) for b in bands) if bands else 0

    def _band(self, band):
        """Servers of the band beyond its allowance, as an expression.

        Each modelled server of the band's type is below, inside or above
        the band (exactly one).  Emptying a server is encoded on the
        placement variables themselves (no VM stays) rather than through
        a big-M bound on its load, which keeps the relaxation tight
        enough for the solver to prove lower bounds on migrations.
        """
        constant = 0
        inside = []
        for name, server in sorted(self.dc.servers.items()):
            if server.server_type != band.server_type:
                continue
            fixed = self._final_fixed(name)
            if name not in self.on:
                constant += band.in_band(fixed)
                continue
            contributions = [self.dc.contribution(vm, name)
                             for vm, _ in self.on[name]]
            unit = math.lcm(*(c.denominator for c in
                              contributions + [fixed, band.lower or 0,
                                               band.upper or 0]))
            load = int(fixed * unit) + sum(
                int(c * unit) * var
                for c, (_, var) in zip(contributions, self.on[name]))
            top = int((fixed + sum(contributions)) * unit)
            states = []
            flag = self.model.NewBoolVar(f"inside[{name}]")
            states.append(flag)
            if band.upper is not None:
                upper = math.ceil(band.upper * unit)
                above = self.model.NewBoolVar(f"above[{name}]")
                self.model.Add(load >= upper * above)
                if fixed + sum(c for c, (vm, _) in
                               zip(contributions, self.on[name])
                               if self.dc.vms[vm].host == name) < band.upper:
                    # Leaving the band upwards takes at least one VM
                    # coming in: a cut the relaxation needs to bound
                    # migrations away from zero.
                    incoming = [var for vm, var in self.on[name]
                                if self.dc.vms[vm].host != name]
                    self.model.Add(sum(incoming) >= above)
                self.model.Add(load <= upper - 1 + (top - upper + 1)
                               * (1 - flag))
                states.append(above)
            if band.lower is not None:
                lower = math.ceil(band.lower * unit)
                self.model.Add(load >= lower * flag)
                below = self.model.NewBoolVar(f"below[{name}]")
                if fixed == 0 and all(c >= band.lower
                                      for c in contributions):
                    for _, var in self.on[name]:
                        self.model.AddImplication(below, var.Not())
                else:
                    self.model.Add(load <= lower - 1 + top * (1 - below))
                states.append(below)
            self.model.AddExactlyOne(states)
            inside.append(flag)
        excess = self.model.NewIntVar(0, len(self.dc.servers),
                                      f"excess[{band.server_type}]")
        self.model.Add(excess >= constant + sum(inside) - band.allowance)
        return excess

    def _final_fixed(self, host):
        return sum((self.dc.contribution(vm, host)
                    for vm in self.dc.on_host[host]
                    if vm not in self.movable_set), Fraction(0))

    def squares(self):
        """Squared utilizations (0.1 % steps) of the modelled servers."""
        squares = []
        for h in self.hosts:
            if h not in self.on:
                continue
            fixed = round(self._final_fixed(h) * 10)
            load = fixed + sum(round(self.dc.contribution(vm, h) * 10) * var
                               for vm, var in self.on[h])
            level = self.model.NewIntVar(0, 2000, f"level[{h}]")
            self.model.Add(level == load)
            square = self.model.NewIntVar(0, 4_000_000, f"square[{h}]")
            self.model.AddMultiplicationEquality(square, [level, level])
            squares.append(square)
        return sum(squares)

    def assignment(self, solver):
        return {vm: h for (vm, h), var in self.x.items()
                if solver.BooleanValue(var)}

    def forbid(self, assignment):
        moved = [self.x[vm, h] for vm, h in assignment.items()
                 if h != self.dc.vms[vm].host and (vm, h) in self.x]
        if not moved:
            return False
        self.model.AddBoolOr([v.Not() for v in moved])
        return True


def _solver(options, seconds):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.1)
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    # The bound on migrations comes from the linear relaxation with its
    # cuts; a single worker running it proves more, in the same time,
    # than several workers sharing two cores with local search.
    solver.parameters.linearization_level = 2
    return solver


def _compiled(policies):
    bands, anti_affinity, compiled = [], False, {}
    for policy in policies:
        found = shapes.recognise(policy)
        compiled[policy.name] = found
        for shape in found or ():
            if isinstance(shape, shapes.AntiAffinity):
                anti_affinity = anti_affinity or policy.hard
            elif not policy.hard:
                bands.append(shape)
    return bands, anti_affinity, compiled


def _verify(policies, compiled, before, after_dc, after):
    """Why the plan is rejected, or None when clingo agrees."""
    if after_dc.capacity_breaks():
        return "capacity exceeded"
    for policy in policies:
        rows_before, rows_after = before[policy.name], after[policy.name]
        shape = compiled[policy.name]
        if policy.hard:
            if rows_after - rows_before:
                return f"hard policy {policy.name} broken"
        elif shape and all(isinstance(s, shapes.UtilizationBand)
                           for s in shape):
            predicted = set().union(*(s.rows(after_dc) for s in shape))
            if predicted != rows_after:
                return f"policy {policy.name} disagrees with the model"
        elif len(rows_after) > len(rows_before):
            return f"policy {policy.name} has more violations"
    return None


def _solve(model, options, budget):
    """Stage A (violations, migrations), then the tie-break.

    Returns the assignment, the proven lower bound on migrations and
    whether stage A proved optimality."""
    started = time.monotonic()
    weight = len(model.movable) + 1
    objective = model.violations * weight + model.migrations
    model.model.ClearHints()
    # Staying put is feasible unless a hard policy forces a move: the
    # solver starts from there instead of searching for it.
    for (vm, h), var in model.x.items():
        model.model.AddHint(var, h == model.dc.vms[vm].host)
    model.model.Minimize(objective)
    solver = _solver(options, budget * 0.75 if options.tie_break != "none"
                     else budget)
    status = solver.Solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, 0, False
    found = int(round(solver.ObjectiveValue()))
    bound = math.ceil(solver.BestObjectiveBound() - 1e-6)
    lower = max(0, bound - (found // weight) * weight)
    assignment = model.assignment(solver)
    if options.tie_break != "none" and len(model.x) > len(model.movable):
        # Enforced only under an assumption, so that a rejected plan does
        # not narrow the next round to its own objective value.
        narrow = model.model.NewBoolVar("narrow")
        model.model.Add(objective <= found).OnlyEnforceIf(narrow)
        model.model.AddAssumptions([narrow])
        model.model.ClearHints()
        for (vm, h), var in model.x.items():
            model.model.AddHint(var, assignment.get(vm) == h)
        squares = model.squares()
        if options.tie_break == "pack":
            model.model.Maximize(squares)
        else:
            model.model.Minimize(squares)
        left = budget - (time.monotonic() - started)
        second = _solver(options, min(left, options.time_limit / 4))
        if second.Solve(model.model) in (cp_model.OPTIMAL,
                                         cp_model.FEASIBLE):
            assignment = model.assignment(second)
        model.model.ClearAssumptions()
    return assignment, lower, status == cp_model.OPTIMAL


def plan(policies, dc, scope=None, options=None, violations=None):
    """The best verified plan for ``dc`` (see the module docstring)."""
    scope = scope or AuditScope()
    options = options or PlannerOptions()
    started = time.monotonic()
    before = violations or policies.violations(dc.tables())
    bands, anti_affinity, compiled = _compiled(policies)
    movable = _movable(dc, scope, before)
    models = [_Model(dc, vms, targets, bands, anti_affinity,
                     scope.max_source_targets)
              for vms, targets in _components(dc, scope, movable, bands)
              if vms]
    size = sum(len(m.x) for m in models) or 1
    rejected = []
    for round_number in range(1, options.max_rounds + 1):
        assignment, lower, optimal = {}, 0, True
        # A sixth of the time is kept for checking the plan on clingo and
        # ordering its moves.
        budget = (options.time_limit * 5 / 6
                  - (time.monotonic() - started))
        for model in models:
            part, bound, proven = _solve(
                model, options, max(budget * len(model.x) / size, 0.5))
            if part is None:
                raise errors.PlanningError(
                    "no placement respects capacity and the hard policies"
                    + (f" (rejected: {'; '.join(rejected)})"
                       if rejected else ""))
            assignment.update(part)
            lower += bound
            optimal = optimal and proven
        after_dc = dc.with_hosts(assignment)
        after = policies.violations(after_dc.tables())
        reason = _verify(policies, compiled, before, after_dc, after)
        if reason is None:
            moves, staging = ordering.order_moves(dc, assignment)
            migrations = sum(1 for vm, h in assignment.items()
                             if h != dc.vms[vm].host)
            return actionplan.summarise(
                "cp-sat", dc, after_dc, moves, before, after,
                staging_moves=staging, migrations_lower_bound=lower,
                optimal=optimal and migrations == lower, verified=True,
                solve_seconds=time.monotonic() - started,
                rounds=round_number,
                model={"movable_vms": len(movable),
                       "components": len(models),
                       "candidate_servers": sum(len(m.hosts)
                                                for m in models),
                       "variables": sum(len(m.x) for m in models)})
        rejected.append(reason)
        if not any([model.forbid(assignment) for model in models]):
            break
    raise errors.PlanningError(
        f"no plan passed verification: {'; '.join(rejected)}")
