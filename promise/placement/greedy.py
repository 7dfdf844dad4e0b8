"""First-fit-decreasing consolidation, the baseline re-placement.

As Watcher's server consolidation does, it looks at capacity only: the
servers below ``threshold`` percent are drained in increasing order of
utilization, each VM (largest first) going to the first active server
(most utilized first) with room, and a server is drained only when all
of its VMs find room.  Anti-affinity is ignored unless
``respect_anti_affinity`` is set, which is why the baseline may break
an HA group that the solver's plans keep.
"""

import time

from promise.placement import actionplan
from promise.placement import datacentre


def _weight(dc, vm):
    size = dc.vms[vm].size
    return tuple(size.get(rc, 0) for rc in dc.resources) + (vm,)


def consolidate(dc, threshold=50, server_type=None,
                respect_anti_affinity=False, policies=None):
    """A Plan draining under-used servers; ``policies`` (a PolicySet)
    adds their violations before and after to the figures."""
    started = time.monotonic()
    hosts = {name: vm.host for name, vm in dc.vms.items()}
    used = {s: dc.used(s) for s in dc.servers}
    groups = dc.group_of()
    util = {s: dc.utilization(s) for s in dc.servers}

    def eligible(server):
        return server_type is None or \
            dc.servers[server].server_type == server_type

    sources = sorted((s for s in dc.servers
                      if eligible(s) and dc.on_host[s]
                      and util[s] < threshold),
                     key=lambda s: (util[s], s))
    drained = set()
    moves = []
    active = {s for s in dc.servers if dc.on_host[s]}
    for source in sources:
        if util[source] >= threshold:
            continue
        vms = sorted((v for v, h in hosts.items() if h == source),
                     key=lambda v: _weight(dc, v), reverse=True)
        # Copies of the few rows a trial touches would do; whole copies
        # keep the rollback obvious and cost little next to the sorts.
        trial_used = {s: dict(u) for s, u in used.items()}
        trial_hosts = dict(hosts)
        trial_util = dict(util)
        trial = []
        for vm in vms:
            size = dc.vms[vm].size
            targets = sorted(
                (s for s in active if s != source and s not in drained),
                key=lambda s: (-trial_util[s], s))
            for target in targets:
                if not dc.fits(target, size, trial_used[target]):
                    continue
                if respect_anti_affinity and any(
                        trial_hosts.get(mate) == target
                        for g in groups.get(vm, ())
                        for mate in dc.groups[g] if mate != vm):
                    continue
                for rc, amount in size.items():
                    trial_used[target][rc] = \
                        trial_used[target].get(rc, 0) + amount
                    trial_used[source][rc] -= amount
                trial_hosts[vm] = target
                share = dc.contribution(vm, target)
                trial_util[target] += share
                trial_util[source] -= dc.contribution(vm, source)
                trial.append(datacentre.Move(vm, source, target))
                break
            else:
                trial = None
                break
        if trial is None:
            continue
        moves.extend(trial)
        used, hosts, util = trial_used, trial_hosts, trial_util
        drained.add(source)
        active.discard(source)
    after = dc.with_hosts(hosts)
    if policies is not None:
        before_v = policies.violations(dc.tables())
        after_v = policies.violations(after.tables())
    else:
        before_v = after_v = {}
    return actionplan.summarise(
        "greedy-ffd", dc, after, moves, before_v, after_v,
        solve_seconds=time.monotonic() - started)
