"""Where an instance may go (seed: allocation step 1b), decided in the
caller's write transaction with the same compare-and-swap on host
generations as lease admission, so that concurrent boots and admissions
never overbook a host.

Three cases:

- on a reservation: the reservation's lease is ACTIVE and one of the
  hosts where it holds an allocation now still has room for the flavor,
  once the flavors of the reservation's live instances there are taken
  off; nothing new is claimed, the instance uses the reservation's share;
- outside any reservation: the capacity engine finds a host where the
  flavor fits from now on, open-ended, beside every reservation to come;
  the instance's claim is written as allocations of its own;
- preemptible: the flavor only has to fit now, beside what is in use now;
  it may take capacity reserved for later and is evicted when that
  reservation starts (promise/manager/preemption.py). It claims nothing,
  so that reservations can still be made on the capacity it borrows.
"""
import collections
import math

import sqlalchemy as sa

from promise import dates
from promise import engine
from promise import exceptions
from promise.conf import CONF
from promise.db import models
from promise.manager import calendar_cache
from promise.manager import world as world_mod

HOSTS = models.Host.__table__
ALLOCATIONS = models.Allocation.__table__
RESERVATIONS = models.Reservation.__table__
LEASES = models.Lease.__table__
INSTANCES = models.Instance.__table__

# Statuses in which an instance holds capacity on its host.
HOLDING = ('INITIALIZED', 'BUILDING', 'ACTIVE', 'DELETING')


def flavor_amounts(vcpus, memory_mb, disk_gb):
    """What one instance of a flavor takes, per resource class."""
    amounts = {'VCPU': vcpus, 'MEMORY_MB': memory_mb, 'DISK_GB': disk_gb,
               'INSTANCES': 1}
    return {rc: v for rc, v in amounts.items() if v}


def _instance_use(session, *where):
    """{host id: {class: amount}} of the holding instances selected."""
    rows = session.execute(
        sa.select(INSTANCES.c.host_id, sa.func.count(),
                  sa.func.sum(INSTANCES.c.vcpus),
                  sa.func.sum(INSTANCES.c.memory_mb),
                  sa.func.sum(INSTANCES.c.disk_gb))
        .where(INSTANCES.c.status.in_(HOLDING),
               INSTANCES.c.host_id.is_not(None), *where)
        .group_by(INSTANCES.c.host_id)).all()
    return {host_id: {'INSTANCES': n, 'VCPU': int(v or 0),
                      'MEMORY_MB': int(m or 0), 'DISK_GB': int(d or 0)}
            for host_id, n, v, m, d in rows}


def preemptible_use(session):
    return _instance_use(session, INSTANCES.c.preemptible.is_(True))


def _bump(session, host_id, generation):
    result = session.execute(
        HOSTS.update().where(HOSTS.c.id == host_id,
                             HOSTS.c.generation == generation)
        .values(generation=generation + 1, updated_at=HOSTS.c.updated_at))
    if result.rowcount != 1:
        raise world_mod.GenerationConflict('host %s changed concurrently'
                                           % host_id)


def _reject(code, reason, **extra):
    return exceptions.InstanceRejected(reason=reason, reason_code=code,
                                       **extra)


# -- on a reservation ------------------------------------------------------

def on_reservation(session, context, reservation_id, amounts, now,
                   flavor=None, forbidden=None):
    """The host id for an instance of ``amounts`` on the reservation;
    ``forbidden`` maps host names to the proactive policy placing there
    would violate."""
    forbidden = forbidden or {}
    row = session.execute(
        sa.select(RESERVATIONS.c.resource_type, LEASES.c.id,
                  LEASES.c.status, LEASES.c.project_id,
                  LEASES.c.start_date, LEASES.c.end_date)
        .select_from(RESERVATIONS.join(
            LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(RESERVATIONS.c.id == reservation_id)).first()
    if row is None or (row.project_id != context.project_id and
                       not context.is_admin):
        raise _reject('reservation_not_found',
                      'reservation %s does not exist' % reservation_id,
                      reservation_id=reservation_id)
    if row.status != 'ACTIVE':
        raise _reject(
            'reservation_not_active',
            'the lease %s of reservation %s is %s, not ACTIVE (it runs from '
            '%s to %s)' % (row.id, reservation_id, row.status,
                           row.start_date, row.end_date),
            reservation_id=reservation_id)
    if row.resource_type == 'capacity':
        raise _reject(
            'reservation_not_host_bound',
            'reservation %s reserves amounts in a pool; instances are '
            'booted on host-bound reservations (physical:host, '
            'virtual:instance)' % reservation_id,
            reservation_id=reservation_id)
    # Generations first: a commit that lands after this read makes the
    # compare-and-swap below fail (the order admission uses).
    hosts = {r.id: r for r in session.execute(
        sa.select(HOSTS.c.id, HOSTS.c.hypervisor_hostname, HOSTS.c.state,
                  HOSTS.c.generation)
        .where(HOSTS.c.id.in_(
            sa.select(ALLOCATIONS.c.host_id).where(
                ALLOCATIONS.c.reservation_id == reservation_id))))}
    held = collections.defaultdict(collections.Counter)
    for host_id, rc, amount in session.execute(
            sa.select(ALLOCATIONS.c.host_id, ALLOCATIONS.c.resource_class,
                      ALLOCATIONS.c.amount)
            .where(ALLOCATIONS.c.reservation_id == reservation_id,
                   ALLOCATIONS.c.host_id.is_not(None),
                   ALLOCATIONS.c.start_date <= now,
                   ALLOCATIONS.c.end_date > now)):
        held[host_id][rc] += amount
    used = _instance_use(session,
                         INSTANCES.c.reservation_id == reservation_id)
    left = {}
    for host_id in sorted(held, key=lambda h: hosts[h].hypervisor_hostname):
        room = {rc: held[host_id][rc] - used.get(host_id, {}).get(rc, 0)
                for rc in amounts}
        left[hosts[host_id].hypervisor_hostname] = room
        if hosts[host_id].state != 'up':
            continue
        if hosts[host_id].hypervisor_hostname in forbidden:
            continue
        if all(room[rc] >= need for rc, need in amounts.items()):
            _bump(session, host_id, hosts[host_id].generation)
            return host_id
    if left and all(h in forbidden for h in left):
        raise _reject(
            'placement_policy',
            'every host of reservation %s with room would violate a '
            'proactive placement policy: %s' % (reservation_id, '; '.join(
                '%s: %s' % (h, forbidden[h]) for h in left)),
            reservation_id=reservation_id)
    raise _reject(
        'reservation_full',
        'reservation %s has no room left for flavor %s (%s) on its hosts '
        'that are up; left per host: %s' %
        (reservation_id, flavor, _fmt(amounts),
         '; '.join('%s: %s' % (h, _fmt(r)) for h, r in left.items()) or
         'none'),
        reservation_id=reservation_id, flavor=flavor)


def _fmt(amounts):
    return ', '.join('%s=%s' % (rc, v) for rc, v in sorted(amounts.items()))


# -- outside reservations --------------------------------------------------

def _provider_hosts(session, provider_id):
    return set(session.execute(sa.select(HOSTS.c.id).where(
        HOSTS.c.provider_id == provider_id)).scalars())


def _fits_now(calendar, use, amounts, when):
    free = calendar.free().value_at(when, amounts)
    return all(free.get(rc, 0) - use.get(rc, 0) >= need
               for rc, need in amounts.items())


def unreserved(session, provider_id, instance_id, amounts, now, flavor=None,
               forbidden=None):
    """Claim ``amounts`` from now on, open-ended, where the engine finds
    room beside every reservation; returns the host id."""
    s = dates.to_epoch(now)
    world = world_mod.World(session, s, math.inf,
                            cache=calendar_cache.CACHE)
    mine = _provider_hosts(session, provider_id)
    borrowed = preemptible_use(session)
    # Capacity a preemptible instance uses now is not free now: going
    # there would overcommit the host until it is evicted.
    forbidden = forbidden or {}
    hosts = world.usable_hosts(lambda h: h.id in mine and _fits_now(
        world.calendars[h.id], borrowed.get(h.id, {}), amounts, s)
        and h.name not in forbidden)
    chosen = engine.choose_hosts(
        world.calendars_of(hosts),
        engine.PlacementRequest(count=1, amounts=amounts,
                                strategy=CONF.reservation.placement_strategy),
        s, math.inf)
    if chosen is None and forbidden:
        raise _reject(
            'no_unreserved_capacity',
            'no host has room for flavor %s (%s) from now on outside the '
            'capacity reserved by leases without violating a proactive '
            'placement policy (refused: %s)' % (
                flavor, _fmt(amounts), ', '.join(
                    '%s: %s' % kv for kv in sorted(forbidden.items()))),
            flavor=flavor)
    if chosen is None:
        raise _reject(
            'no_unreserved_capacity',
            'no host has room for flavor %s (%s) from now on outside the '
            'capacity reserved by leases; boot on a reservation, or as '
            'preemptible' % (flavor, _fmt(amounts)), flavor=flavor)
    host_id = world.by_name[chosen[0]]
    world.claim_host(None, host_id, s, math.inf, amounts,
                     instance_id=instance_id)
    if not world.pools_still_fit():
        raise _reject(
            'no_unreserved_capacity',
            'flavor %s (%s) would take capacity reserved in a pool' %
            (flavor, _fmt(amounts)), flavor=flavor)
    world.write()
    return host_id


def preemptible(session, provider_id, amounts, now, flavor=None,
                exclude=()):
    """A host where ``amounts`` fits now beside what is in use now; of
    those, the one where it can stay longest before a reservation needs
    the capacity back."""
    s = dates.to_epoch(now)
    world = world_mod.World(session, s, math.inf,
                            cache=calendar_cache.CACHE)
    mine = _provider_hosts(session, provider_id)
    borrowed = preemptible_use(session)
    best = None
    for host in world.usable_hosts(lambda h: h.id in mine and
                                   h.id not in exclude):
        use = borrowed.get(host.id, {})
        free = world.calendars[host.id].free() - engine.Timeline(use)
        shortfall = next(free.shortfalls(s, amounts), None)
        until = math.inf if shortfall is None else shortfall[0]
        if until <= s:
            continue
        if best is None or until > best[0]:
            best = (until, host.id)
    if best is None:
        raise _reject(
            'no_capacity',
            'no host has room for flavor %s (%s) now, even on reserved '
            'capacity' % (flavor, _fmt(amounts)), flavor=flavor)
    world.write(extra_hosts=[best[1]])
    return best[1]


def release(session, instance_id, host_id):
    """Give back what an instance held (its own allocations)."""
    session.execute(ALLOCATIONS.delete().where(
        ALLOCATIONS.c.instance_id == instance_id))
    world_mod.bump(session, [host_id])


def claim_move(session, instance_id, target_host_id, amounts, now):
    """Claim ``amounts`` for an instance on the target of its migration,
    from now on, beside every reservation and what preemptible instances
    use there now; the claim on its current host stays until the VIM says
    the migration ended."""
    s = dates.to_epoch(now)
    world = world_mod.World(session, s, math.inf,
                            cache=calendar_cache.CACHE)
    host = world.hosts.get(target_host_id)
    if host is None or not host.usable:
        raise _reject('migration_target_unusable',
                      'host %s takes no new instances' % target_host_id)
    borrowed = preemptible_use(session).get(target_host_id, {})
    free = world.calendars[target_host_id].free() - engine.Timeline(borrowed)
    short = next(free.shortfalls(s, amounts), None)
    if short is not None:
        raise _reject(
            'migration_no_room',
            'host %s has no room for %s from %s on: the capacity is '
            'reserved by leases or used' % (
                host.name, _fmt(amounts), dates.from_epoch(short[0])))
    world.claim_host(None, target_host_id, s, math.inf, amounts,
                     instance_id=instance_id)
    world.write()


def drop_claim(session, instance_id, host_id):
    """Give back an instance's claim on one host (a migration that did
    not happen)."""
    session.execute(ALLOCATIONS.delete().where(
        ALLOCATIONS.c.instance_id == instance_id,
        ALLOCATIONS.c.host_id == host_id))
    world_mod.bump(session, [host_id])
