"""A snapshot of the data centre as plain data, and the tables built
from it.

Overall utilization (the draft's "combination of CPU utilization, memory
usage, I/O usage and network usage") is, per server, the mean over
:data:`UTILIZATION_RESOURCES` of allocated / capacity, in percent, from
the sizes of the VMs placed on it.  For the draft's type-1 server (32
vCPU, 128 GB) a large.2 (4 vCPU, 16 GB) is 12.5 % and a large.3 25 %.
Values are exact fractions here; tables carry them as numbers that the
policy engine rounds to three decimals (see :mod:`numbers`).
"""

import dataclasses
from fractions import Fraction
import types

VCPU = "VCPU"
MEMORY_MB = "MEMORY_MB"
DISK_GB = "DISK_GB"
UTILIZATION_RESOURCES = (VCPU, MEMORY_MB)


@dataclasses.dataclass(frozen=True)
class Server:
    """A physical server: capacity per resource class (after allocation
    ratios) and its server type."""

    name: str
    server_type: str
    capacity: types.MappingProxyType

    def __init__(self, name, server_type, capacity):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "server_type", server_type)
        object.__setattr__(self, "capacity",
                           types.MappingProxyType(dict(capacity)))

    @classmethod
    def from_host(cls, host):
        """From a VIM driver's host record (``HostInfo`` or alike)."""
        ratios = getattr(host, "allocation_ratios", None) or {}
        props = getattr(host, "properties", None) or {}
        return cls(host.hypervisor_hostname,
                   props.get("server_type", "default"),
                   {VCPU: int(host.vcpus * ratios.get(VCPU, 1.0)),
                    MEMORY_MB: int(host.memory_mb *
                                   ratios.get(MEMORY_MB, 1.0)),
                    DISK_GB: int(host.local_gb * ratios.get(DISK_GB, 1.0))})


@dataclasses.dataclass(frozen=True)
class Vm:
    """A VM: its size per resource class and the server it runs on."""

    name: str
    host: str | None
    size: types.MappingProxyType
    flavor: str | None = None

    def __init__(self, name, host, size, flavor=None):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "host", host)
        object.__setattr__(self, "size", types.MappingProxyType(dict(size)))
        object.__setattr__(self, "flavor", flavor)


def flavor_size(flavor):
    """Resource amounts of a flavor record (``FlavorInfo`` or a dict
    with ``vcpus``, ``ram`` and ``disk``)."""
    get = (flavor.get if isinstance(flavor, dict)
           else lambda key, default=0: getattr(flavor, key, default))
    return {VCPU: int(get("vcpus", 0)), MEMORY_MB: int(get("ram", 0)),
            DISK_GB: int(get("disk", 0))}


@dataclasses.dataclass(frozen=True)
class Move:
    vm: str
    source: str
    target: str


class DataCentre:
    """Servers, VMs, anti-affinity groups (and optional extra rows).

    ``groups`` maps a group name to the VM names it holds; a VM may sit
    in several groups.  ``flavors`` (name -> record) and ``reservations``
    (dicts with the columns of ``promise:reservations`` plus ``hosts``)
    only feed their tables.
    """

    def __init__(self, servers, vms, groups=None, flavors=None,
                 reservations=(), resources=UTILIZATION_RESOURCES):
        self.servers = {s.name: s for s in servers}
        self.vms = {v.name: v for v in vms}
        self.groups = {g: tuple(members)
                       for g, members in (groups or {}).items()}
        self.flavors = dict(flavors or {})
        self.reservations = list(reservations)
        self.resources = tuple(resources)
        self._contributions = {}
        self.on_host = {name: [] for name in self.servers}
        for vm in self.vms.values():
            if vm.host is not None:
                if vm.host not in self.on_host:
                    raise ValueError(f"VM {vm.name} is on unknown server "
                                     f"{vm.host}")
                self.on_host[vm.host].append(vm.name)

    def used(self, server):
        total = {}
        for name in self.on_host[server]:
            for rc, amount in self.vms[name].size.items():
                total[rc] = total.get(rc, 0) + amount
        return total

    def contribution(self, vm, server):
        """Percent of ``server``'s overall utilization ``vm`` takes."""
        capacity = self.servers[server].capacity
        size = self.vms[vm].size if isinstance(vm, str) else vm.size
        key = (tuple(size.get(rc, 0) for rc in self.resources),
               tuple(capacity.get(rc, 0) for rc in self.resources))
        cached = self._contributions.get(key)
        if cached is None:
            cached = self._contributions[key] = self._share(size, capacity)
        return cached

    def _share(self, size, capacity):
        parts = [Fraction(size.get(rc, 0), capacity[rc])
                 for rc in self.resources if capacity.get(rc)]
        return 100 * sum(parts, Fraction(0)) / len(parts) if parts else 0

    def utilization(self, server):
        return sum((self.contribution(vm, server)
                    for vm in self.on_host[server]), Fraction(0))

    def fits(self, server, extra_size, used=None):
        used = self.used(server) if used is None else used
        capacity = self.servers[server].capacity
        return all(used.get(rc, 0) + extra_size.get(rc, 0)
                   <= capacity.get(rc, 0)
                   for rc in set(extra_size) | set(used)
                   if extra_size.get(rc, 0) or used.get(rc, 0))

    def group_of(self):
        """VM name -> the groups it belongs to."""
        out = {}
        for group, members in self.groups.items():
            for vm in members:
                out.setdefault(vm, []).append(group)
        return out

    def with_moves(self, moves):
        """A new snapshot with ``moves`` (Move or (vm, source, target))
        applied in order."""
        hosts = {name: vm.host for name, vm in self.vms.items()}
        for move in moves:
            vm, source, target = (move.vm, move.source, move.target) \
                if isinstance(move, Move) else move
            if hosts[vm] != source:
                raise ValueError(f"VM {vm} is on {hosts[vm]}, not {source}")
            hosts[vm] = target
        return self.with_hosts(hosts)

    def with_hosts(self, hosts):
        vms = [Vm(v.name, hosts.get(v.name, v.host), v.size, v.flavor)
               for v in self.vms.values()]
        return DataCentre(self.servers.values(), vms, self.groups,
                          self.flavors, self.reservations, self.resources)

    def without(self, vm_names):
        drop = set(vm_names)
        return DataCentre(self.servers.values(),
                          [v for v in self.vms.values() if v.name not in drop],
                          {g: [m for m in ms if m not in drop]
                           for g, ms in self.groups.items()},
                          self.flavors, self.reservations, self.resources)

    def capacity_breaks(self):
        """Servers whose VMs exceed a capacity."""
        return sorted(s for s in self.servers
                      if not self.fits(s, {}))

    def anti_affinity_breaks(self):
        """``(group, server)`` pairs holding two VMs of one group."""
        breaks = set()
        for group, members in self.groups.items():
            seen = set()
            for vm in members:
                host = self.vms[vm].host if vm in self.vms else None
                if host is None:
                    continue
                if host in seen:
                    breaks.add((group, host))
                seen.add(host)
        return breaks

    def tables(self):
        """The policy tables (see :mod:`schemas`) of this snapshot."""
        servers = sorted(self.servers.values(), key=lambda s: s.name)
        tables = {
            "nova:node": [(s.name, s.server_type) for s in servers],
            "server_utilization": [(s.name, self.utilization(s.name))
                                   for s in servers],
            "vm_host_mapping": [(v.name, v.host) for v in self.vms.values()
                                if v.host is not None],
            "anti_affinity_group": [(vm, g)
                                    for g, ms in self.groups.items()
                                    for vm in ms],
            "nova:hosts": [(s.name, s.server_type,
                            s.capacity.get(VCPU, 0),
                            s.capacity.get(MEMORY_MB, 0),
                            s.capacity.get(DISK_GB, 0)) for s in servers],
            "nova:host_usage": [],
            "nova:flavors": [],
            "nova:servers": [(v.name, v.name, v.host or "", v.flavor or "",
                              "ACTIVE" if v.host else "SHELVED")
                             for v in self.vms.values()],
            "promise:reservations": [],
            "promise:reservation_hosts": [],
        }
        for s in servers:
            used = self.used(s.name)
            tables["nova:host_usage"].append(
                (s.name, used.get(VCPU, 0), used.get(MEMORY_MB, 0),
                 used.get(DISK_GB, 0)))
        for name, flavor in sorted(self.flavors.items()):
            size = flavor_size(flavor)
            tables["nova:flavors"].append(
                (name, name, size[VCPU], size[MEMORY_MB], size[DISK_GB]))
        for r in self.reservations:
            tables["promise:reservations"].append(
                (r["id"], r.get("lease_id", ""),
                 r.get("resource_type", ""), r.get("status", ""),
                 r.get("start_date", ""), r.get("end_date", "")))
            tables["promise:reservation_hosts"].extend(
                (r["id"], host) for host in r.get("hosts", ()))
        return tables


def build_tables(servers, vms, groups=None, **kwargs):
    """Tables from plain data: see :class:`DataCentre`."""
    return DataCentre(servers, vms, groups, **kwargs).tables()
