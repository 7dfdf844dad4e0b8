"""The data centre as the placement policies see it, read from the VIM
driver (hosts, flavors, servers) and the measurement collector.

VMs are named by their server name where names are unique (so policies
and plans read as the operator wrote them) and by server id otherwise;
``ids`` maps each name back to the server id the VIM knows.
"""
import collections
import dataclasses

import sqlalchemy as sa

from promise import placement
from promise.db import api as db_api
from promise.db import models
from promise.placement import datacentre
from promise.vim import base as vim_base

# Metadata key of a server's anti-affinity (HA) groups, comma separated.
GROUP_KEY = 'ha_group'
_PLACED = (vim_base.ACTIVE, vim_base.BUILDING, vim_base.MIGRATING,
           vim_base.ERROR)


@dataclasses.dataclass
class Snapshot:
    dc: placement.DataCentre
    ids: dict          # VM name in the snapshot -> server id
    projects: dict     # VM name -> project id

    def name_of(self, server_id):
        for name, sid in self.ids.items():
            if sid == server_id:
                return name
        return None


def groups_of(metadata):
    value = (metadata or {}).get(GROUP_KEY) or ''
    return [g.strip() for g in str(value).split(',') if g.strip()]


def take(driver):
    servers = [placement.Server.from_host(h) for h in driver.list_hosts()]
    known = {s.name for s in servers}
    vim_servers = [s for s in driver.list_servers()
                   if s.state != vim_base.DELETED]
    names = collections.Counter(s.name for s in vim_servers)
    vms, groups, ids, projects = [], {}, {}, {}
    for s in vim_servers:
        name = s.name if names[s.name] == 1 else s.id
        host = s.host if s.state in _PLACED and s.host in known else None
        vms.append(placement.Vm(
            name, host, {datacentre.VCPU: s.vcpus,
                         datacentre.MEMORY_MB: s.memory_mb,
                         datacentre.DISK_GB: s.disk_gb},
            flavor=s.flavor))
        ids[name] = s.id
        projects[name] = s.project_id
        for group in groups_of(s.metadata):
            groups.setdefault(group, []).append(name)
    flavors = {f.name: f for f in driver.list_flavors()}
    dc = placement.DataCentre(servers, vms, groups, flavors,
                              reservations=_reservations())
    return Snapshot(dc, ids, projects)


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S') if value else ''


def _reservations():
    """Reservations not yet ended, with the hosts they hold capacity on
    (the promise:reservations and promise:reservation_hosts tables)."""
    res = models.Reservation.__table__
    leases = models.Lease.__table__
    allocations = models.Allocation.__table__
    hosts = models.Host.__table__
    with db_api.reader() as session:
        rows = session.execute(
            sa.select(res.c.id, res.c.lease_id, res.c.resource_type,
                      res.c.status, leases.c.start_date, leases.c.end_date)
            .join(leases, leases.c.id == res.c.lease_id)
            .where(leases.c.status.not_in(('TERMINATED', 'ERROR')))).all()
        held = collections.defaultdict(set)
        for reservation_id, host in session.execute(
                sa.select(allocations.c.reservation_id,
                          hosts.c.hypervisor_hostname)
                .join(hosts, hosts.c.id == allocations.c.host_id)
                .where(allocations.c.reservation_id.is_not(None))):
            held[reservation_id].add(host)
    return [{'id': r.id, 'lease_id': r.lease_id,
             'resource_type': r.resource_type, 'status': r.status,
             'start_date': _iso(r.start_date), 'end_date': _iso(r.end_date),
             'hosts': sorted(held[r.id])} for r in rows]


def tables(snapshot, measured=None):
    """Policy tables of the snapshot; ``measured`` (server -> percent)
    replaces the utilization computed from the flavors where given."""
    result = snapshot.dc.tables()
    if measured:
        result['server_utilization'] = [
            (server, round(measured.get(server, util), 3))
            for server, util in result['server_utilization']]
    return result
