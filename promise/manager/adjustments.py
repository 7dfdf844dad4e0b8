"""Capacity adjustments (seed: increase/decrease-capacity): planned
upgrades add capacity to a host or a pool for a window, planned downtime
takes it away.

An adjustment that leaves committed reservations without room answers 409
listing them. Forced, each of those reservations is moved where the
capacity engine finds room (all or nothing per reservation); one that fits
nowhere keeps its allocations, is marked missing_resources and its lease
DEGRADED, with the reason recorded.
"""
import math

from oslo_log import log as logging
from oslo_utils import uuidutils
import sqlalchemy as sa

from promise import dates
from promise import exceptions
from promise import notifications
from promise import plugins
from promise.db import models
from promise.manager import admission
from promise.manager import lease_status as status
from promise.manager import world as world_mod
from promise.plugins import base as plugin_base

LOG = logging.getLogger(__name__)

ALLOCATIONS = models.Allocation.__table__
RESERVATIONS = models.Reservation.__table__
LEASES = models.Lease.__table__
ADJUSTMENTS = models.CapacityAdjustment.__table__


def _negative(world, target, start, end):
    """Whether the target's free capacity goes below zero in the window."""
    if target[0] == 'host':
        free = world.calendars[target[1]].free()
    else:
        free = world.pool_calendar(world.pools[target[1]]).free()
    return any(v < 0 for v in free.min_over(start, end).values())


def _holders(session, world, target, start, end):
    """Reservations holding capacity on the target in the window, the
    ones to give up first (not started, newest) first."""
    ids = set()
    for rid, claims in world.held.items():
        for claim in claims:
            on_target = (claim.host_id == target[1] if target[0] == 'host'
                         else claim.pool_id in {
                             p.id for p in world._descendants(
                                 world.pools[target[1]])}
                         or claim.host_id in world.pools[target[1]].host_ids)
            if on_target and claim.start < end and claim.end > start:
                ids.add(rid)
    if not ids:
        return []
    rows = session.execute(
        sa.select(RESERVATIONS.c.id, RESERVATIONS.c.lease_id,
                  RESERVATIONS.c.resource_type, RESERVATIONS.c['values'],
                  LEASES.c.status, LEASES.c.start_date, LEASES.c.end_date,
                  LEASES.c.created_at, LEASES.c.name)
        .select_from(RESERVATIONS.join(
            LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(RESERVATIONS.c.id.in_(sorted(ids)))).all()
    started = ('STARTING', 'ACTIVE', 'DEGRADED')
    return sorted(rows, key=lambda r: (r.status in started,
                                       -dates.to_epoch(r.created_at)))


def _broken(session, world, target, start, end):
    """The fewest reservations to take off the target for it to fit."""
    broken = []
    for row in _holders(session, world, target, start, end):
        if not _negative(world, target, start, end):
            break
        broken.append((row, world.release_reservation(row.id)))
    if _negative(world, target, start, end):
        # Capacity below zero with nothing left to move: reservations
        # cannot be blamed; refuse whatever force says.
        raise exceptions.Conflict(
            reason='the adjustment takes away more than the target has')
    return broken


def _describe(rows):
    return [{'reservation_id': r.id, 'lease_id': r.lease_id,
             'lease_name': r.name, 'resource_type': r.resource_type}
            for r in rows]


def _target(world, values):
    if values.get('host'):
        for host in world.hosts.values():
            if values['host'] in (host.id, host.name):
                return ('host', host.id)
        raise exceptions.NotFound(object='Host', id=values['host'])
    return ('pool', world.find_pool(values['pool']).id)


def _amounts(world, target, values):
    if values.get('downtime'):
        if target[0] != 'host':
            raise exceptions.ValidationError(
                reason='downtime applies to a host; give amounts for a '
                       'pool')
        return {rc: -cap for rc, cap in
                world.calendars[target[1]].capacity.items() if cap}
    amounts = {str(k): int(v) for k, v in (values.get('amounts') or
                                           {}).items() if v}
    if not amounts:
        raise exceptions.ValidationError(
            reason='give non-zero amounts, or downtime: true for a host')
    return amounts


def create(context, values):
    now = dates.utcnow()
    start = dates.parse(values.get('start_date') or 'now', 'start_date', now)
    end = dates.parse(values['end_date'], 'end_date', now) \
        if values.get('end_date') else None
    if end is not None and end <= start:
        raise exceptions.ValidationError(
            reason='end_date must be after start_date')
    s = dates.to_epoch(start)
    e = dates.to_epoch(end) if end is not None else math.inf
    force = bool(values.get('force'))
    adjustment_id = uuidutils.generate_uuid()

    def work(session):
        # Moved reservations may run past the adjustment: read to the end.
        world = world_mod.World(session, s, math.inf)
        target = _target(world, values)
        amounts = _amounts(world, target, values)
        world.adjust(target[1] if target[0] == 'host' else None,
                     target[1] if target[0] == 'pool' else None,
                     s, e, amounts)
        broken = _broken(session, world, target, s, e)
        if broken and not force:
            raise exceptions.AdjustmentConflict(
                reason='%d reservation(s) would lose their capacity; '
                       'give force: true to move them or mark them '
                       'degraded' % len(broken),
                reservations=_describe([row for row, _ in broken]))
        moved, degraded = _resettle(session, world, broken)
        row = {'id': adjustment_id, 'amounts': amounts, 'start_date': start,
               'end_date': end, 'reason': values.get('reason'),
               'project_id': context.project_id, 'created_at': now,
               'host_id': target[1] if target[0] == 'host' else None,
               'pool_id': target[1] if target[0] == 'pool' else None}
        session.execute(ADJUSTMENTS.insert().values(**row))
        extra = [target[1]] if target[0] == 'host' else []
        world.write(extra_hosts=extra)
        if target[0] == 'pool':
            world._bump(world_mod.POOLS, target[1],
                        world.pool_gens[target[1]])
        for res in moved:
            notifications.reservation(session, 'reservation.moved',
                                      res['reservation_id'])
        notifications.adjustment(session, 'capacity.adjustment.create',
                                 adjustment_id, moved=moved,
                                 degraded=degraded)
        return {'id': adjustment_id, 'moved': moved, 'degraded': degraded}

    result = admission.run(work)
    LOG.info('Capacity adjustment %s: moved %d, degraded %d reservations',
             adjustment_id, len(result['moved']), len(result['degraded']))
    return result


def _resettle(session, world, broken, moved_reason=None,
              degraded_reason=None):
    """Move each broken reservation, or degrade its lease. The reasons
    (callables of the reservation row) say what broke them; a capacity
    adjustment by default."""
    moved, degraded = [], []
    for row, held in broken:
        if replace(session, world, row, held, moved_reason(row)
                   if moved_reason else 'moved by a capacity adjustment'):
            moved.append(row)
        else:
            _degrade(session, row, degraded_reason)
            degraded.append(row)
    return _describe(moved), _describe(degraded)


def replace(session, world, row, held, reason):
    """Re-place a reservation whose claims ``held`` the world no longer
    counts, all or nothing; returns whether it fits. When it does not,
    it keeps what it holds, so that it is first in line when capacity
    returns, and nothing else is placed there meanwhile."""
    plugin = plugins.get(row.resource_type)
    s, e = dates.to_epoch(row.start_date), dates.to_epoch(row.end_date)
    mark = len(world.claims)
    try:
        plugin.heal(world, row.id, plugin.validate(row.values),
                    max(s, world.start), e)
        if not world.pools_still_fit():
            raise plugin_base.NotEnough()
    except plugin_base.NotEnough:
        world.rollback(mark)
        world.reapply(held)
        return False
    old_hosts, old_pools = world_mod.holders_of(session, [row.id])
    world.released_hosts.update(old_hosts)
    world.released_pools.update(old_pools)
    # Only the part from world.start on was placed again: what the
    # reservation holds before it stays where it is.
    cut = dates.from_epoch(world.start)
    session.execute(ALLOCATIONS.update().where(
        ALLOCATIONS.c.reservation_id == row.id,
        ALLOCATIONS.c.start_date < cut,
        ALLOCATIONS.c.end_date > cut).values(end_date=cut))
    session.execute(ALLOCATIONS.delete().where(
        ALLOCATIONS.c.reservation_id == row.id,
        ALLOCATIONS.c.start_date >= cut))
    session.execute(RESERVATIONS.update().where(
        RESERVATIONS.c.id == row.id).values(
        resources_changed=True, updated_at=dates.utcnow(),
        status_reason=reason))
    return True


def _degrade(session, row, reason=None):
    why = reason(row) if reason else None
    session.execute(RESERVATIONS.update().where(
        RESERVATIONS.c.id == row.id).values(
        missing_resources=True, updated_at=dates.utcnow(),
        status_reason=why or 'capacity adjustment left no room for it'))
    if status.can_move(row.status, status.DEGRADED):
        status.move(session, row.lease_id, row.status, status.DEGRADED,
                    reason=why or 'a capacity adjustment took away capacity '
                    'that reservation %s held, and no other host has '
                    'room' % row.id)


def delete(context, adjustment_id, force=False):
    def work(session):
        adj = session.get(models.CapacityAdjustment, adjustment_id)
        if adj is None:
            raise exceptions.NotFound(object='Capacity adjustment',
                                      id=adjustment_id)
        s = dates.to_epoch(max(adj.start_date, dates.utcnow()))
        e = dates.to_epoch(adj.end_date) if adj.end_date else math.inf
        if s < e and any(v > 0 for v in adj.amounts.values()):
            # Taking an upgrade back is taking capacity away.
            world = world_mod.World(session, s, math.inf)
            target = ('host', adj.host_id) if adj.host_id else \
                ('pool', adj.pool_id)
            world.adjust(adj.host_id, adj.pool_id, s, e,
                         {rc: -v for rc, v in adj.amounts.items()})
            broken = _broken(session, world, target, s, e)
            if broken and not force:
                raise exceptions.AdjustmentConflict(
                    reason='%d reservation(s) rely on this capacity' %
                    len(broken),
                    reservations=_describe([row for row, _ in broken]))
            moved, _ = _resettle(session, world, broken)
            world.write(extra_hosts=[adj.host_id] if adj.host_id else [])
            for res in moved:
                notifications.reservation(session, 'reservation.moved',
                                          res['reservation_id'])
        notifications.adjustment(session, 'capacity.adjustment.delete',
                                 adjustment_id)
        session.delete(adj)
        world_mod.bump(session, [adj.host_id], [adj.pool_id])
        return adjustment_id
    return admission.run(work)
