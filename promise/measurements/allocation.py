"""Utilization from what the VMs on each server may use (their flavors):
the placement draft's maximum-usage reading, exact and available from any
VIM."""
from promise.measurements import base
from promise.vim import base as vim_base

_RUNNING = (vim_base.ACTIVE, vim_base.BUILDING, vim_base.MIGRATING)


class AllocationSource(base.MeasurementSource):
    load_key = None

    def _load(self, server):
        return 1.0

    def sample(self):
        capacity = {h.hypervisor_hostname: {'vcpus': h.vcpus,
                                            'memory_mb': h.memory_mb}
                    for h in self.vim_driver.list_hosts()}
        used = {name: {'vcpus': 0.0, 'memory_mb': 0.0} for name in capacity}
        vms = {}
        placement = {name: set() for name in capacity}
        for server in self.vim_driver.list_servers():
            if server.state not in _RUNNING or server.host not in capacity:
                continue
            load = self._load(server)
            amounts = {'vcpus': server.vcpus * load,
                       'memory_mb': server.memory_mb * load}
            vms[server.id] = base.share(amounts, capacity[server.host])
            placement[server.host].add(server.id)
            for rc, amount in amounts.items():
                used[server.host][rc] += amount
        return base.Sample(
            servers={name: base.share(used[name], capacity[name])
                     for name in capacity},
            vms=vms,
            placement={name: frozenset(ids)
                       for name, ids in placement.items()})
