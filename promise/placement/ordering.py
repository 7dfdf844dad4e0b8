"""An executable order for a set of moves.

Live migration moves one VM at a time, so every intermediate placement
must fit the capacities, and (for HA groups) must never put two VMs of a
group on one server, even for a moment.  Moves are applied as soon as
their target has room; a cycle (A waits for B's room and B for A's) is
broken by a staging move to a server with room, which costs one extra
migration and is reported as such.
"""

from promise.placement import datacentre
from promise.placement import errors


class _State:
    def __init__(self, dc):
        self.dc = dc
        self.hosts = {name: vm.host for name, vm in dc.vms.items()}
        self.used = {name: dc.used(name) for name in dc.servers}
        self.groups = dc.group_of()
        self.members = {}
        for vm, host in self.hosts.items():
            for group in self.groups.get(vm, ()):
                self.members.setdefault((group, host), set()).add(vm)

    def can_take(self, vm, target):
        size = self.dc.vms[vm].size
        if not self.dc.fits(target, size, self.used[target]):
            return False
        return not any(self.members.get((g, target), set()) - {vm}
                       for g in self.groups.get(vm, ()))

    def apply(self, vm, target):
        source = self.hosts[vm]
        size = self.dc.vms[vm].size
        for rc, amount in size.items():
            self.used[source][rc] = self.used[source].get(rc, 0) - amount
            self.used[target][rc] = self.used[target].get(rc, 0) + amount
        for group in self.groups.get(vm, ()):
            self.members[(group, source)].discard(vm)
            self.members.setdefault((group, target), set()).add(vm)
        self.hosts[vm] = target
        return datacentre.Move(vm, source, target)


def order_moves(dc, targets):
    """Moves taking ``dc`` to ``targets`` (vm -> final server), ordered.

    Returns ``(moves, staging)`` where ``staging`` counts the extra moves
    through a spare server.  Raises PlanningError when no order exists
    (no server has room to break a cycle).
    """
    state = _State(dc)
    pending = sorted(vm for vm, host in targets.items()
                     if dc.vms[vm].host != host)
    moves = []
    staged = set()
    while pending:
        for vm in pending:
            if state.can_take(vm, targets[vm]):
                moves.append(state.apply(vm, targets[vm]))
                pending.remove(vm)
                break
        else:
            vm = next((v for v in pending if v not in staged), None)
            spare = None if vm is None else _spare(state, vm, targets)
            if spare is None:
                vm = vm or pending[0]
                raise errors.PlanningError(
                    f"the moves cannot be ordered: {vm} waits for room "
                    f"on {targets[vm]} and no server can hold it meanwhile")
            moves.append(state.apply(vm, spare))
            staged.add(vm)
    return moves, len(staged)


def _spare(state, vm, targets):
    final_load = set(targets.values())
    candidates = sorted(
        (s for s in state.dc.servers
         if s != state.hosts[vm] and s != targets[vm]
         and state.can_take(vm, s)),
        key=lambda s: (s in final_load, s))
    return candidates[0] if candidates else None
