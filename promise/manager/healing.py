"""A host lost (seed: reservation steps 6a-7): the reservations holding
capacity on it, active or to come, are re-allocated where the capacity
engine finds room, all or nothing per reservation, in one admission
(compare-and-swap on generations); a reservation that fits nowhere keeps
what it holds, is marked missing_resources and its lease DEGRADED, with
the failed host and the reason in status_reason. Every change is recorded
in the notifications outbox.

A host back up, and capacity freed in any other way (a lease deleted or
shortened, a downtime cancelled, an instance gone), gives the reservations
marked missing_resources, whatever took their capacity, a new chance in
the same order and the same way: what
they held fits again where it was, or they are re-placed elsewhere, all or
nothing; those that fit are no longer missing resources, and a lease none
of whose reservations miss any is no longer DEGRADED (lease.healed and
reservation.healed are recorded).

Priority when capacity is short: reservations already running come first
(their instances need a home now), then those that start earliest, then
the oldest. Each one is re-placed in that order on capacity nobody holds:
a reservation never takes capacity from another one.
"""
import math
import types

from oslo_log import log as logging
import sqlalchemy as sa

from promise import dates
from promise import notifications
from promise.db import models
from promise.manager import adjustments
from promise.manager import admission
from promise.manager import lease_status as status
from promise.manager import world as world_mod

LOG = logging.getLogger(__name__)

HOSTS = models.Host.__table__
ALLOCATIONS = models.Allocation.__table__
RESERVATIONS = models.Reservation.__table__
LEASES = models.Lease.__table__
EVENTS = models.Event.__table__

RUNNING = ('STARTING', 'ACTIVE', 'DEGRADED')
OVER = ('TERMINATING', 'TERMINATED', 'ERROR')


def _reservations(session, where):
    """Reservation rows of leases not over, in the order they are
    re-placed."""
    rows = session.execute(
        sa.select(RESERVATIONS.c.id, RESERVATIONS.c.lease_id,
                  RESERVATIONS.c.resource_type, RESERVATIONS.c['values'],
                  LEASES.c.status, LEASES.c.start_date, LEASES.c.end_date,
                  LEASES.c.created_at, LEASES.c.name)
        .select_from(RESERVATIONS.join(
            LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(where, LEASES.c.status.not_in(OVER))).all()
    return sorted(rows, key=lambda r: (r.status not in RUNNING,
                                       r.start_date, r.created_at, r.id))


def _affected(session, host_id, now):
    """Reservations holding capacity on the host after ``now``."""
    ids = sa.select(ALLOCATIONS.c.reservation_id).where(
        ALLOCATIONS.c.host_id == host_id,
        ALLOCATIONS.c.reservation_id.is_not(None),
        ALLOCATIONS.c.end_date > now)
    return _reservations(session, RESERVATIONS.c.id.in_(ids))


def _fresh(session, row):
    """The row again, with its lease's status as it is now (an earlier
    reservation of the same lease may have degraded it)."""
    current = session.execute(sa.select(LEASES.c.status).where(
        LEASES.c.id == row.lease_id)).scalar()
    return types.SimpleNamespace(**dict(row._asdict(), status=current))


def set_state(session, host_id, state, reason=None):
    """Record a host's state; returns the previous one."""
    old = session.execute(sa.select(HOSTS.c.state).where(
        HOSTS.c.id == host_id)).scalar()
    if old != state:
        # Generations move so that cached calendars and admissions in
        # flight see the host leave (or rejoin) the usable ones.
        session.execute(HOSTS.update().where(HOSTS.c.id == host_id).values(
            state=state, generation=HOSTS.c.generation + 1,
            updated_at=dates.utcnow()))
    return old


def host_lost(host_id, state='down', reason=None):
    """Mark the host ``state`` and re-place what it held; returns
    {'moved': [...], 'degraded': [...]} (reservation descriptions)."""
    now = dates.utcnow()

    def work(session):
        name = session.execute(sa.select(HOSTS.c.hypervisor_hostname).where(
            HOSTS.c.id == host_id)).scalar()
        if name is None:
            return {'moved': [], 'degraded': []}
        set_state(session, host_id, state, reason)
        why = 'host %s is %s%s' % (name, state,
                                   ' (%s)' % reason if reason else '')
        world = world_mod.World(session, dates.to_epoch(now), math.inf)
        moved, degraded = [], []
        for row in _affected(session, host_id, now):
            row = _fresh(session, row)
            held = world.release_reservation(row.id)
            m, d = adjustments._resettle(
                session, world, [(row, held)],
                moved_reason=lambda r: 'moved off %s' % why,
                degraded_reason=lambda r: (
                    '%s and no other host has room for reservation %s'
                    % (why, r.id)))
            moved += m
            degraded += d
        world.write()
        for res in moved:
            notifications.reservation(session, 'reservation.moved',
                                      res['reservation_id'])
        notifications.host(session, 'host.down', host_id)
        return {'moved': moved, 'degraded': degraded}

    result = admission.run(work)
    LOG.warning('Host %s lost: moved %d reservation(s), degraded %d',
                host_id, len(result['moved']), len(result['degraded']))
    return result


def _fits_in_place(world, held):
    """Whether what a reservation held fits again where it was (its
    hosts usable, no calendar below zero); it is put back if so."""
    if not held:
        return False
    world.reapply(held)
    for claim in held:
        start = max(claim.start, world.start)
        if claim.host_id is not None:
            ok = world.hosts[claim.host_id].usable and not \
                adjustments._negative(world, ('host', claim.host_id),
                                      start, claim.end)
        else:
            ok = not any(
                adjustments._negative(world, ('pool', pool.id), start,
                                      claim.end)
                for pool in world.pools.values()
                if claim.pool_id in {p.id for p in
                                     world._descendants(pool)})
        if not ok:
            world.release_reservation(held[0].reservation_id)
            return False
    return True


def _has_started(session, lease_id):
    return session.execute(sa.select(EVENTS.c.id).where(
        EVENTS.c.lease_id == lease_id,
        EVENTS.c.event_type == 'start_lease',
        EVENTS.c.status == 'DONE')).first() is not None


def _restore(session, world, row, why):
    """Give a reservation missing resources what it misses; returns
    'in place', 'moved' or None when it still does not fit."""
    held = world.release_reservation(row.id)
    if _fits_in_place(world, held):
        outcome = 'in place'
    elif adjustments.replace(session, world, row, held,
                             'moved when %s' % why):
        outcome = 'moved'
    else:
        return None
    values = {'missing_resources': False, 'updated_at': dates.utcnow()}
    if outcome == 'in place':
        values['status_reason'] = 'capacity back when %s' % why
    session.execute(RESERVATIONS.update().where(
        RESERVATIONS.c.id == row.id).values(**values))
    still_missing = session.execute(sa.select(RESERVATIONS.c.id).where(
        RESERVATIONS.c.lease_id == row.lease_id,
        RESERVATIONS.c.missing_resources.is_(True))).first()
    current = session.execute(sa.select(LEASES.c.status).where(
        LEASES.c.id == row.lease_id)).scalar()
    if still_missing is None and current == status.DEGRADED:
        target = status.ACTIVE if _has_started(session, row.lease_id) \
            else status.PENDING
        status.move(session, row.lease_id, current, target,
                    reason='every reservation has its capacity again '
                           '(%s)' % why)
    return outcome


def host_back(host_id, state='up'):
    """Mark the host ``state``; once it is up, the reservations missing
    resources are restored where they fit; returns {'healed': [...],
    'moved': [...]} (reservation descriptions)."""
    now = dates.utcnow()

    def work(session):
        healed, moved = [], []
        if set_state(session, host_id, state) == state:
            return {'healed': healed, 'moved': moved}
        notifications.host(session, 'host.up', host_id)
        if state != 'up':
            return {'healed': healed, 'moved': moved}
        name = session.execute(sa.select(HOSTS.c.hypervisor_hostname).where(
            HOSTS.c.id == host_id)).scalar()
        healed, moved = _restore_missing(session, now,
                                         'host %s is up' % name)
        return {'healed': adjustments._describe(healed),
                'moved': adjustments._describe(moved)}

    result = admission.run(work)
    if result['healed']:
        LOG.info('Host %s back: %d reservation(s) have their capacity '
                 'again, %d of them moved', host_id, len(result['healed']),
                 len(result['moved']))
    return result


def _restore_missing(session, now, why):
    """Every reservation missing resources gets a new chance; returns the
    rows healed and, among them, those moved."""
    healed, moved = [], []
    rows = _reservations(session, RESERVATIONS.c.missing_resources.is_(True))
    if not rows:
        return healed, moved
    world = world_mod.World(session, dates.to_epoch(now), math.inf)
    for row in rows:
        outcome = _restore(session, world, row, why)
        if outcome is not None:
            healed.append(row)
        if outcome == 'moved':
            moved.append(row)
    world.write()
    for row in moved:
        notifications.reservation(session, 'reservation.moved', row.id)
    return healed, moved


def missing_count(session):
    return session.execute(sa.select(sa.func.count()).where(
        RESERVATIONS.c.missing_resources.is_(True))).scalar()


def capacity_version(session):
    """Changes whenever capacity or claims change anywhere: hosts and
    pools move their generation on every such change."""
    version = []
    for table in (HOSTS, models.Pool.__table__):
        version += session.execute(sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(table.c.generation), 0))).one()
    return tuple(int(v) for v in version)


def heal_missing(why='capacity was freed'):
    """Give the reservations missing resources what they miss where it is
    free now; returns {'healed': [...], 'moved': [...]}."""
    now = dates.utcnow()

    def work(session):
        healed, moved = _restore_missing(session, now, why)
        return {'healed': adjustments._describe(healed),
                'moved': adjustments._describe(moved)}

    result = admission.run(work)
    if result['healed']:
        LOG.info('%d reservation(s) have their capacity again (%s), %d of '
                 'them moved', len(result['healed']), why,
                 len(result['moved']))
    return result
