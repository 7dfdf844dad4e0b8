"""Action plans and their efficacy figures."""

import dataclasses
import statistics


@dataclasses.dataclass
class Plan:
    """Moves in executable order and what they achieve.

    ``migrations_lower_bound`` is the least number of migrations any plan
    of the solver's model can have, as the solver proved it (None for the
    greedy baseline, which proves nothing); ``optimal`` says the plan
    reaches it.  Utilization figures are percentages.
    """

    moves: list
    strategy: str
    violations_before: dict
    violations_after: dict
    hosts_freed: int
    active_before: int
    active_after: int
    mean_utilization_before: float
    mean_utilization_after: float
    utilization_before: dict
    utilization_after: dict
    capacity_breaks: list
    anti_affinity_breaks: int
    staging_moves: int = 0
    migrations_lower_bound: int | None = None
    optimal: bool = False
    verified: bool = False
    solve_seconds: float = 0.0
    rounds: int = 0
    model: dict = dataclasses.field(default_factory=dict)

    @property
    def migrations(self):
        return len(self.moves)

    def efficacy(self):
        """The figures as plain data (for JSON and the API)."""
        return {
            "migrations": self.migrations,
            "staging_moves": self.staging_moves,
            "migrations_lower_bound": self.migrations_lower_bound,
            "optimal": self.optimal,
            "hosts_freed": self.hosts_freed,
            "active_hosts_before": self.active_before,
            "active_hosts_after": self.active_after,
            "mean_utilization_before": round(self.mean_utilization_before,
                                             3),
            "mean_utilization_after": round(self.mean_utilization_after, 3),
            "violations_before": {k: len(v) for k, v in
                                  self.violations_before.items()},
            "violations_after": {k: len(v) for k, v in
                                 self.violations_after.items()},
            "anti_affinity_breaks": self.anti_affinity_breaks,
            "capacity_breaks": len(self.capacity_breaks),
            "verified": self.verified,
            "solve_seconds": round(self.solve_seconds, 3),
        }

    def as_dict(self):
        out = self.efficacy()
        out["strategy"] = self.strategy
        out["moves"] = [{"vm": m.vm, "from": m.source, "to": m.target}
                        for m in self.moves]
        out["utilization_before"] = self.utilization_before
        out["utilization_after"] = self.utilization_after
        return out


def _active(dc):
    return [s for s in dc.servers if dc.on_host[s]]


def summarise(strategy, before, after, moves, violations_before,
              violations_after, **extra):
    """A Plan with the efficacy figures of going from ``before`` to
    ``after`` through ``moves``."""
    touched = sorted({m.source for m in moves} | {m.target for m in moves})
    active_before = _active(before)
    active_after = _active(after)

    def mean(dc, servers):
        return float(statistics.fmean(dc.utilization(s) for s in servers)) \
            if servers else 0.0

    return Plan(
        moves=list(moves), strategy=strategy,
        violations_before=violations_before,
        violations_after=violations_after,
        hosts_freed=len(set(active_before) - set(active_after)),
        active_before=len(active_before), active_after=len(active_after),
        mean_utilization_before=mean(before, active_before),
        mean_utilization_after=mean(after, active_after),
        utilization_before={s: float(before.utilization(s))
                            for s in touched},
        utilization_after={s: float(after.utilization(s)) for s in touched},
        capacity_breaks=after.capacity_breaks(),
        anti_affinity_breaks=len(after.anti_affinity_breaks()
                                 - before.anti_affinity_breaks()),
        **extra)
