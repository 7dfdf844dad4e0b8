"""Capacity queries (seed: query-capacity) and lease utilization.

Over a window and a scope (a host, a pool, a zone, or the whole cloud):
  total     - capacity offered (inventories x allocation ratios, plus
              capacity adjustments), the lowest it gets in the window;
  reserved  - peak amount held by reservations of leases not started yet;
  used      - peak amount held by reservations of started leases and
              by instances booted outside any reservation;
  available - the lowest free amount in the window: what one more
              reservation for the whole window could take.
The timeline gives the same figures at every breakpoint.
"""
import collections

import sqlalchemy as sa

from promise import dates
from promise import engine
from promise import exceptions
from promise.db import models
from promise.manager import world as world_mod

STARTED = ('STARTING', 'ACTIVE', 'TERMINATING')
EVENTS = models.Event.__table__
ALLOCATIONS = models.Allocation.__table__
RESERVATIONS = models.Reservation.__table__
LEASES = models.Lease.__table__


def _fmt(t):
    return dates.from_epoch(t).strftime('%Y-%m-%dT%H:%M:%S.%f')


def _scope_hosts(world, scope):
    """Host ids of the scope, and the pool ids whose amounts count."""
    if scope.get('host'):
        ref = scope['host']
        for host in world.hosts.values():
            if ref in (host.id, host.name):
                return {host.id}, set()
        raise exceptions.NotFound(object='Host', id=ref)
    if scope.get('pool'):
        pool = world.find_pool(scope['pool'])
        return set(pool.host_ids), {p.id for p in world._descendants(pool)}
    if scope.get('zone'):
        ids = {h.id for h in world.hosts.values()
               if h.zone == scope['zone']}
        if not ids:
            raise exceptions.NotFound(object='Availability zone',
                                      id=scope['zone'])
        pools = {p.id for p in world.pools.values()
                 if p.host_ids and p.host_ids <= ids}
        return ids, pools
    return set(world.hosts), set(world.pools)


def _started_degraded(session):
    """Ids of DEGRADED leases whose start has run."""
    return set(session.execute(
        sa.select(EVENTS.c.lease_id).select_from(EVENTS.join(
            LEASES, LEASES.c.id == EVENTS.c.lease_id))
        .where(LEASES.c.status == 'DEGRADED',
               EVENTS.c.event_type == 'start_lease',
               EVENTS.c.status == 'DONE')).scalars())


def _split_usage(session, start, end, host_ids, pool_ids):
    """Usage timelines of started and of pending leases in the scope."""
    rows = session.execute(
        sa.select(ALLOCATIONS.c.host_id, ALLOCATIONS.c.pool_id,
                  ALLOCATIONS.c.resource_class, ALLOCATIONS.c.amount,
                  ALLOCATIONS.c.start_date, ALLOCATIONS.c.end_date,
                  LEASES.c.status, LEASES.c.id, ALLOCATIONS.c.instance_id)
        .select_from(ALLOCATIONS.outerjoin(
            RESERVATIONS, RESERVATIONS.c.id == ALLOCATIONS.c.reservation_id)
            .outerjoin(LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(ALLOCATIONS.c.start_date < dates.from_epoch(end)
               if end != float('inf') else sa.true(),
               ALLOCATIONS.c.end_date > dates.from_epoch(start)))
    used, reserved = engine.Timeline(), engine.Timeline()
    degraded_started = _started_degraded(session)
    for host_id, pool_id, rc, amount, s, e, state, lease_id, inst in rows:
        if host_id not in host_ids and pool_id not in pool_ids:
            continue
        running = state in STARTED or lease_id in degraded_started or \
            inst is not None
        target = used if running else reserved
        target.add(dates.to_epoch(s), dates.to_epoch(e), {rc: amount})
    return used, reserved


def query(session, start, end, scope, classes=None, timeline=False):
    world = world_mod.World(session, start, end)
    host_ids, pool_ids = _scope_hosts(world, scope)
    usable = [h for h in host_ids if world.hosts[h].usable]
    total = engine.Timeline()
    for host_id in usable:
        cal = world.calendars[host_id]
        total = total + engine.Timeline(cal.capacity) + cal.adjustments
    for pool_id in pool_ids:
        if pool_id in world._pool_adjust:
            total = total + world._pool_adjust[pool_id]
    used, reserved = _split_usage(session, start, end, set(usable),
                                  pool_ids)
    free = total - used - reserved
    wanted = sorted(set(classes or (total.classes | used.classes |
                                    reserved.classes)))
    low_total = total.min_over(start, end, wanted)
    peak_used = used.max_over(start, end, wanted)
    peak_reserved = reserved.max_over(start, end, wanted)
    low_free = free.min_over(start, end, wanted)
    resources = {rc: {'total': low_total.get(rc, 0),
                      'reserved': peak_reserved.get(rc, 0),
                      'used': peak_used.get(rc, 0),
                      'available': max(0, low_free.get(rc, 0))}
                 for rc in wanted}
    result = {'start_date': _fmt(start),
              'end_date': _fmt(end) if end != float('inf') else None,
              'hosts': len(usable), 'resources': resources}
    if timeline:
        times = sorted({start} | {t for tl in (total, used, reserved)
                                  for t in tl.breakpoints
                                  if start < t < end})
        result['timeline'] = [
            {'time': _fmt(t), 'resources': {
                rc: {'total': total.value_at(t).get(rc, 0),
                     'reserved': reserved.value_at(t).get(rc, 0),
                     'used': used.value_at(t).get(rc, 0),
                     'available': max(0, free.value_at(t).get(rc, 0))}
                for rc in wanted}}
            for t in times]
    return result


def utilization(session, window, lease_ids):
    """Peak amounts the given leases hold in the window, against the
    capacity of the whole cloud (seed: query-reservation)."""
    if window is None:
        window = [dates.to_epoch(dates.utcnow()), float('inf')]
    start, end = window
    held = engine.Timeline()
    if lease_ids:
        rows = session.execute(
            sa.select(ALLOCATIONS.c.resource_class, ALLOCATIONS.c.amount,
                      ALLOCATIONS.c.start_date, ALLOCATIONS.c.end_date)
            .select_from(ALLOCATIONS.join(
                RESERVATIONS,
                RESERVATIONS.c.id == ALLOCATIONS.c.reservation_id))
            .where(RESERVATIONS.c.lease_id.in_(list(lease_ids))))
        for rc, amount, s, e in rows:
            s, e = max(dates.to_epoch(s), start), min(dates.to_epoch(e), end)
            if s < e:
                held.add(s, e, {rc: amount})
    summary = query(session, start, end, {})
    out = collections.OrderedDict()
    peak = held.max_over(start, end) if held.classes else {}
    for rc, figures in sorted(summary['resources'].items()):
        amount = peak.get(rc, 0)
        total = figures['total']
        out[rc] = {'reserved': amount, 'total': total,
                   'percent': round(100.0 * amount / total, 2) if total
                   else 0.0}
    return {'start_date': summary['start_date'],
            'end_date': summary['end_date'], 'resources': out}
