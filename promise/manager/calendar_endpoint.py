"""RPC endpoint serving the reserved-capacity calendar that Nova's
scheduler filter (promise.nova) reads (namespace "calendar").

For every reservable host, by hypervisor hostname, the calendar gives:

- ``capacity``: what admission counts as the host's capacity per class;
- ``t`` and ``reserved``: the capacity held from now on by reservations
  that have not started yet, minus capacity adjustments (planned downtime
  counts as reserved), as a step function: parallel arrays of times and,
  per class, values in force from each time on;
- ``t_taken`` and ``taken``: the part due to adjustments alone, only for
  hosts that have any (preemptible boots may use reserved capacity but not
  capacity that is gone).

Reservations that have started, and instances Promise booted outside
any reservation, are left out of ``reserved``: the instances booted on
them are already in the use Nova reports, and counting them again would
refuse boots the host can take. For those
reservations ``reservations`` says which hosts hold how much and the
lease status, for boots that name a reservation.

The step functions come from the calendar cache that admission decides
on, so the filter and admission see the same reservations.
"""
import collections
import hashlib
import math

import oslo_messaging as messaging
import sqlalchemy as sa

from promise import dates
from promise import engine
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import calendar_cache
from promise.manager import calendar_rpcapi
from promise.manager import world as world_mod

FORMAT = 1
CLASSES = ('VCPU', 'MEMORY_MB', 'DISK_GB', 'INSTANCES')

HOSTS = models.Host.__table__
POOLS = models.Pool.__table__
LEASES = models.Lease.__table__
RESERVATIONS = models.Reservation.__table__
ALLOCATIONS = models.Allocation.__table__


def _started(session, now):
    """Host allocations in force now, with their lease."""
    return session.execute(
        sa.select(ALLOCATIONS.c.id, ALLOCATIONS.c.reservation_id,
                  ALLOCATIONS.c.host_id, ALLOCATIONS.c.resource_class,
                  ALLOCATIONS.c.amount, ALLOCATIONS.c.start_date,
                  ALLOCATIONS.c.end_date, RESERVATIONS.c.lease_id,
                  LEASES.c.status)
        .select_from(ALLOCATIONS.outerjoin(
            RESERVATIONS,
            RESERVATIONS.c.id == ALLOCATIONS.c.reservation_id)
            .outerjoin(LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(ALLOCATIONS.c.host_id.is_not(None),
               ALLOCATIONS.c.start_date <= now,
               ALLOCATIONS.c.end_date > now)
        .order_by(ALLOCATIONS.c.id)).all()


def _etag(session, started):
    """Changes with every claim, release, adjustment and definition change
    (generations and the static key, as the calendar cache tracks them),
    with every lease status move, and whenever a reservation starts."""
    host_gens = sorted(session.execute(
        sa.select(HOSTS.c.id, HOSTS.c.generation)).all())
    pool_gens = sorted(session.execute(
        sa.select(POOLS.c.id, POOLS.c.generation)).all())
    leases = session.execute(sa.select(
        sa.func.count(), sa.func.sum(LEASES.c.generation),
        sa.func.max(LEASES.c.updated_at))).one()
    key = (FORMAT, [tuple(r) for r in host_gens],
           [tuple(r) for r in pool_gens],
           calendar_cache._static_key(session), tuple(leases),
           [r[0] for r in started])
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def _arrays(timeline, start):
    """(times, per-class values) of ``timeline`` from ``start`` on, or
    None when it is zero throughout."""
    steps = timeline.steps(start, math.inf)
    if not any(v for _, row in steps for v in row.values()):
        return None
    times = [t for t, _ in steps]
    values = [[row.get(rc, 0) for _, row in steps] for rc in CLASSES]
    return times, values


def _host_entry(host, usage, adjust, started, now):
    entry = {'capacity': [host.inventories[rc].capacity
                          if rc in host.inventories else None
                          for rc in CLASSES]}
    future = usage - started if started is not None else usage
    reserved = future - adjust if len(adjust) else future
    arrays = _arrays(reserved, now)
    if arrays is not None:
        entry['t'], entry['reserved'] = arrays
    if len(adjust):
        taken = _arrays(-adjust, now)
        if taken is not None:
            entry['t_taken'], entry['taken'] = taken
    return entry


def build(session, started, now):
    """The calendar document (see the module's docstring)."""
    static, _, _, cached, _ = calendar_cache.CACHE.snapshot(
        session, world_mod.World)
    hosts, _ = static
    when = dates.to_epoch(now)
    started_use = collections.defaultdict(engine.Timeline)
    reservations = {}
    for _, res_id, host_id, rc, amount, s, e, lease_id, status in started:
        start, end = dates.to_epoch(s), dates.to_epoch(e)
        started_use[host_id].add(start, end, {rc: amount})
        host = hosts.get(host_id)
        if host is None or rc not in CLASSES or res_id is None:
            # Instances booted outside reservations are in Nova's use.
            continue
        res = reservations.setdefault(res_id, {
            'lease_id': lease_id, 'status': status, 'end': end, 'hosts': {}})
        res['end'] = max(res['end'], end)
        held = res['hosts'].setdefault(host.name, [0] * len(CLASSES))
        held[CLASSES.index(rc)] += amount
    empty = engine.Timeline()
    out = {}
    for host_id, host in hosts.items():
        if not host.reservable:
            continue
        entry = cached.get(host_id)
        usage, adjust = (entry[1], entry[2]) if entry else (empty, empty)
        out[host.name] = _host_entry(host, usage, adjust,
                                     started_use.get(host_id), when)
    return {'format': FORMAT, 'now': when, 'classes': list(CLASSES),
            'hosts': out, 'reservations': reservations}


def get(etags=()):
    """``{'etag': ..., 'calendar': document or None}``, None when the
    current ETag is among ``etags``."""
    with db_api.reader() as session:
        now = dates.utcnow()
        started = _started(session, now)
        etag = _etag(session, started)
        if etag in etags or '*' in etags:
            return {'etag': etag, 'calendar': None}
        return {'etag': etag, 'calendar': build(session, started, now)}


class CalendarEndpoint:
    target = messaging.Target(namespace=calendar_rpcapi.NAMESPACE,
                              version=calendar_rpcapi.RPC_API_VERSION)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def get_calendar(self, context, etags=None):
        return get(tuple(etags or ()))
