"""Writes to the inventory: hosts registered for reservation, and pools.

Every change runs in one write transaction through ``admission.run``, so
that on SQLite it takes its turn with lease admissions. Changes that alter
what admission decides on bump generations with
``SET generation = generation + 1``: an admission that read the old value
fails its compare-and-swap and retries on the new state.
"""
import math

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import uuidutils
import sqlalchemy as sa

from promise import dates
from promise import exceptions
from promise import notifications
from promise.conf import CONF
from promise.db import models
from promise.manager import admission
from promise.manager import host_sync
from promise.manager import world as world_mod

LOG = logging.getLogger(__name__)

HOSTS = models.Host.__table__
INVENTORIES = models.HostInventory.__table__
CAPABILITIES = models.HostExtraCapability.__table__
POOLS = models.Pool.__table__
POOL_HOSTS = models.PoolHost.__table__
ALLOCATIONS = models.Allocation.__table__
ADJUSTMENTS = models.CapacityAdjustment.__table__
RESERVATIONS = models.Reservation.__table__
LEASES = models.Lease.__table__

# Pools the manager keeps in step with the VIM (see host_sync.sync_pools).
TOPOLOGY_KINDS = ('provider', 'zone')


# -- helpers -------------------------------------------------------------

def _take(session, table, name_column, ref, what):
    """Bump the generation of a host or pool given by id or name, and
    return its row.

    Writing first matters twice: on MySQL and PostgreSQL the row stays
    locked until commit, so a concurrent admission on it either commits
    before our checks or fails its compare-and-swap; on SQLite a
    transaction that starts by reading cannot become a writer while
    another connection writes, whereas one that starts by writing waits
    its turn.
    """
    values = {'generation': table.c.generation + 1,
              'updated_at': dates.utcnow()}
    for column in (table.c.id, name_column):
        result = session.execute(table.update().where(column == ref)
                                 .values(**values))
        if result.rowcount:
            return session.execute(sa.select(table).where(
                column == ref)).one()
    raise exceptions.NotFound(object=what, id=ref)


def _bump(table, ids, session):
    if ids:
        session.execute(table.update().where(table.c.id.in_(sorted(ids)))
                        .values(generation=table.c.generation + 1,
                                updated_at=dates.utcnow()))


def _capability_text(value):
    # Capabilities are stored and matched as text; JSON booleans keep their
    # JSON spelling.
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _allocations_on(session, column, value, ending_after=None):
    """(reservation id, lease id, lease name) of the allocations on a host
    or pool, only those ending after ``ending_after`` if given."""
    query = (
        sa.select(ALLOCATIONS.c.reservation_id, RESERVATIONS.c.lease_id,
                  LEASES.c.name)
        .select_from(ALLOCATIONS.join(
            RESERVATIONS, RESERVATIONS.c.id == ALLOCATIONS.c.reservation_id)
            .join(LEASES, LEASES.c.id == RESERVATIONS.c.lease_id))
        .where(column == value).distinct())
    if ending_after is not None:
        query = query.where(ALLOCATIONS.c.end_date > ending_after)
    return session.execute(query).all()


def _leases_text(rows):
    leases = sorted({(lease_id, name) for _, lease_id, name in rows})
    return ', '.join('%s (%s)' % (lease_id, name) for lease_id, name in leases)


def _overcommitted_pools(session, now):
    """Names of pools whose amount reservations no longer fit.

    Only pools that hold pool-level allocations, directly or through a pool
    of their hosts, can be overcommitted by an inventory change; with none
    (the usual case) nothing is read.
    """
    live = {r[0] for r in session.execute(
        sa.select(ALLOCATIONS.c.pool_id).distinct()
        .where(ALLOCATIONS.c.pool_id.isnot(None),
               ALLOCATIONS.c.end_date > now))}
    if not live:
        return set()
    start = dates.to_epoch(now)
    world = world_mod.World(session, start, math.inf)
    bad = set()
    for pool in world.pools.values():
        subs = [p for p in world.pools.values()
                if p.host_ids and p.host_ids <= pool.host_ids] or [pool]
        if not any(p.id in live for p in subs):
            continue
        low = world.pool_calendar(pool).free().min_over(start, math.inf)
        if any(v < 0 for v in low.values()):
            bad.add(pool.name)
    return bad


class _FitGuard:
    """Refuse a change that leaves a pool's amount reservations without
    the capacity they were admitted on. Pools already short before the
    change (hosts down, say) do not block unrelated changes."""

    def __init__(self, session, now, what):
        self.session = session
        self.now = now
        self.what = what
        self.before = _overcommitted_pools(session, now)

    def check(self):
        broken = _overcommitted_pools(self.session, self.now) - self.before
        if broken:
            raise exceptions.Conflict(
                reason='%s would leave the amount reservations of pool(s) '
                       '%s without enough capacity' %
                       (self.what, ', '.join(sorted(broken))))


def _set_capabilities(session, host_id, capabilities):
    """Create, change or (for None) remove extra capabilities."""
    now = dates.utcnow()
    existing = {r[0] for r in session.execute(
        sa.select(CAPABILITIES.c.capability_name)
        .where(CAPABILITIES.c.host_id == host_id))}
    for name, value in sorted(capabilities.items()):
        where = sa.and_(CAPABILITIES.c.host_id == host_id,
                        CAPABILITIES.c.capability_name == name)
        if value is None:
            session.execute(CAPABILITIES.delete().where(where))
        elif name in existing:
            session.execute(CAPABILITIES.update().where(where).values(
                capability_value=_capability_text(value), updated_at=now))
        else:
            session.execute(CAPABILITIES.insert().values(
                host_id=host_id, capability_name=name,
                capability_value=_capability_text(value), created_at=now))


def _join_topology_pools(session, host_id, zone):
    """Put a new host in the pools host_sync.sync_pools would put it in,
    in the same transaction as the host itself."""
    wanted = [(CONF.reservation.default_pool, 'provider')]
    if zone:
        wanted.append((zone, 'zone'))
    joined = []
    for name, kind in wanted:
        row = session.execute(sa.select(POOLS.c.id, POOLS.c.kind)
                              .where(POOLS.c.name == name)).first()
        if row is None:
            pool_id = uuidutils.generate_uuid()
            session.execute(POOLS.insert().values(
                id=pool_id, name=name, kind=kind, generation=0,
                created_at=dates.utcnow()))
        elif row.kind != kind:
            # A pool an operator made under that name is theirs to fill.
            continue
        else:
            pool_id = row.id
        session.execute(POOL_HOSTS.insert().values(
            pool_id=pool_id, host_id=host_id, created_at=dates.utcnow()))
        joined.append(pool_id)
    _bump(POOLS, joined, session)


def _resolve_hosts(session, refs):
    """Host ids for a list of ids or hypervisor hostnames."""
    if not refs:
        return []
    rows = session.execute(sa.select(HOSTS.c.id, HOSTS.c.hypervisor_hostname)
                           .where(sa.or_(HOSTS.c.id.in_(refs),
                                         HOSTS.c.hypervisor_hostname.in_(
                                             refs)))).all()
    by_ref = {}
    for host_id, name in rows:
        by_ref[host_id] = host_id
        by_ref[name] = host_id
    unknown = [r for r in refs if r not in by_ref]
    if unknown:
        raise exceptions.BadRequest(
            reason='unknown host(s): %s' % ', '.join(unknown))
    return sorted({by_ref[r] for r in refs})


def _set_pool_hosts(session, pool_id, host_ids):
    """Give the pool exactly these hosts; True if its set changed."""
    current = {r[0] for r in session.execute(
        sa.select(POOL_HOSTS.c.host_id).where(POOL_HOSTS.c.pool_id ==
                                              pool_id))}
    wanted = set(host_ids)
    if current == wanted:
        return False
    if current - wanted:
        session.execute(POOL_HOSTS.delete().where(
            POOL_HOSTS.c.pool_id == pool_id,
            POOL_HOSTS.c.host_id.in_(sorted(current - wanted))))
    now = dates.utcnow()
    for host_id in sorted(wanted - current):
        session.execute(POOL_HOSTS.insert().values(
            pool_id=pool_id, host_id=host_id, created_at=now))
    return True


# -- hosts ---------------------------------------------------------------

def _already_registered(name):
    return exceptions.Conflict(reason='host %s is already registered' % name)


def _pool_name_taken(name):
    return exceptions.Conflict(reason='a pool named %s already exists' % name)


def create_host(info, capabilities=None, reservable=True):
    """Register a host the VIM reports (a ``vim.base.HostInfo``) with its
    inventories; it joins the "all" pool and the pool of its zone.
    Returns the new host's id."""
    # Stored as host_sync stores them, so that a host reads the same
    # whichever way it was registered.
    caps = {k: str(v) for k, v in (info.properties or {}).items()
            if v is not None}
    caps.update(capabilities or {})
    host_id = uuidutils.generate_uuid()

    def work(session):
        now = dates.utcnow()
        # The unique hostname turns a second registration into
        # DBDuplicateEntry.
        session.execute(HOSTS.insert().values(
            id=host_id, hypervisor_hostname=info.hypervisor_hostname,
            hypervisor_type=info.hypervisor_type,
            hypervisor_version=info.hypervisor_version,
            service_name=info.service_name, vcpus=info.vcpus,
            memory_mb=info.memory_mb, local_gb=info.local_gb,
            availability_zone=info.availability_zone, state=info.state,
            reservable=reservable, generation=0, created_at=now))
        rows = [dict(inv, host_id=host_id, created_at=now)
                for inv in host_sync.inventories_of(info)]
        if rows:
            session.execute(INVENTORIES.insert(), rows)
        _set_capabilities(session, host_id,
                          {k: v for k, v in caps.items() if v is not None})
        _join_topology_pools(session, host_id, info.availability_zone)
        notifications.host(session, 'host.create', host_id)
        return host_id

    try:
        admission.run(work)
    except db_exc.DBDuplicateEntry:
        raise _already_registered(info.hypervisor_hostname)
    LOG.info('Host %s registered as %s', info.hypervisor_hostname, host_id)
    return host_id


def update_host(ref, capabilities=None, reservable=None):
    """Change the extra capabilities (None removes one) or whether the
    host takes new reservations. Returns the host's id.

    The generation is bumped whatever changes: capabilities decide which
    hosts match a reservation as much as reservability does.
    """
    capabilities = capabilities or {}

    def work(session):
        host = _take(session, HOSTS, HOSTS.c.hypervisor_hostname, ref,
                     'Host')
        guard = None
        if reservable is False and host.reservable:
            guard = _FitGuard(session, dates.utcnow(),
                              'making host %s unreservable' %
                              host.hypervisor_hostname)
        if reservable is not None:
            session.execute(HOSTS.update().where(HOSTS.c.id == host.id)
                            .values(reservable=reservable))
        _set_capabilities(session, host.id, capabilities)
        if guard is not None:
            guard.check()
        notifications.host(session, 'host.update', host.id)
        return host.id

    return admission.run(work)


def delete_host(ref):
    """Forget a host. Refused while any allocation on it has not ended, or
    when pools would be left short for their amount reservations."""

    def work(session):
        host = _take(session, HOSTS, HOSTS.c.hypervisor_hostname, ref,
                     'Host')
        host_id, name = host.id, host.hypervisor_hostname
        now = dates.utcnow()
        live = _allocations_on(session, ALLOCATIONS.c.host_id, host_id,
                               ending_after=now)
        if live:
            raise exceptions.Conflict(
                reason='host %s has allocations that have not ended, in '
                       'lease(s) %s' % (name, _leases_text(live)))
        instances = session.execute(sa.select(sa.func.count()).where(
            models.Instance.__table__.c.host_id == host_id,
            models.Instance.__table__.c.status.not_in(
                ('DELETED', 'ERROR', 'SHELVED')))).scalar()
        if instances:
            raise exceptions.Conflict(
                reason='host %s runs %d instance(s) booted through Promise'
                       % (name, instances))
        notifications.host(session, 'host.delete', host_id)
        guard = _FitGuard(session, now, 'deleting host %s' % name)
        pools = [r[0] for r in session.execute(
            sa.select(POOL_HOSTS.c.pool_id)
            .where(POOL_HOSTS.c.host_id == host_id))]
        session.execute(POOL_HOSTS.delete().where(
            POOL_HOSTS.c.host_id == host_id))
        _bump(POOLS, pools, session)
        guard.check()
        # What is left refers to the past; it would keep the row alive.
        for table in (ALLOCATIONS, ADJUSTMENTS, INVENTORIES, CAPABILITIES):
            session.execute(table.delete().where(table.c.host_id == host_id))
        session.execute(HOSTS.delete().where(HOSTS.c.id == host_id))
        return host_id, name

    host_id, name = admission.run(work)
    LOG.info('Host %s (%s) deleted', name, host_id)
    return host_id


# -- pools ---------------------------------------------------------------

def create_pool(values):
    """Create a pool from the validated API body; returns its id."""
    pool_id = uuidutils.generate_uuid()
    name = values['name']

    def work(session):
        # The unique name turns a duplicate into DBDuplicateEntry.
        session.execute(POOLS.insert().values(
            id=pool_id, name=name, kind=values.get('kind') or 'custom',
            description=values.get('description'), generation=0,
            created_at=dates.utcnow()))
        host_ids = _resolve_hosts(session, values.get('hosts') or [])
        _set_pool_hosts(session, pool_id, host_ids)
        notifications.pool(session, 'pool.create', pool_id)
        return pool_id

    try:
        admission.run(work)
    except db_exc.DBDuplicateEntry:
        raise _pool_name_taken(name)
    LOG.info('Pool %s created as %s', name, pool_id)
    return pool_id


def update_pool(ref, values):
    """Rename, describe or give new hosts to a pool; returns its id.

    The pool the manager keeps for the whole provider follows the VIM, so
    only its description may change.
    """

    def work(session):
        pool = _take(session, POOLS, POOLS.c.name, ref, 'Pool')
        if pool.kind == 'provider' and (
                'hosts' in values or
                values.get('name', pool.name) != pool.name):
            raise exceptions.Conflict(
                reason='pool %s follows the hosts of the provider; only '
                       'its description may change' % pool.name)
        changes = {k: values[k] for k in ('name', 'description')
                   if k in values}
        if changes:
            session.execute(POOLS.update().where(POOLS.c.id == pool.id)
                            .values(**changes))
        if 'hosts' in values:
            host_ids = _resolve_hosts(session, values['hosts'])
            guard = _FitGuard(session, dates.utcnow(),
                              'changing the hosts of pool %s' % pool.name)
            _set_pool_hosts(session, pool.id, host_ids)
            guard.check()
        notifications.pool(session, 'pool.update', pool.id)
        return pool.id

    try:
        return admission.run(work)
    except db_exc.DBDuplicateEntry:
        raise _pool_name_taken(values.get('name'))


def delete_pool(ref):
    """Delete a pool. Refused while an allocation on it has not ended;
    pools that follow the topology must hold no allocation at all, since
    the manager would make them again without their history."""

    def work(session):
        pool = _take(session, POOLS, POOLS.c.name, ref, 'Pool')
        live = _allocations_on(session, ALLOCATIONS.c.pool_id, pool.id,
                               ending_after=dates.utcnow())
        if live:
            raise exceptions.Conflict(
                reason='pool %s has allocations that have not ended, in '
                       'lease(s) %s' % (pool.name, _leases_text(live)))
        if pool.kind in TOPOLOGY_KINDS:
            past = _allocations_on(session, ALLOCATIONS.c.pool_id, pool.id)
            if past:
                raise exceptions.Conflict(
                    reason='pool %s (kind %s) holds allocations of lease(s) '
                           '%s' % (pool.name, pool.kind, _leases_text(past)))
        notifications.pool(session, 'pool.delete', pool.id)
        for table in (ALLOCATIONS, ADJUSTMENTS, POOL_HOSTS):
            session.execute(table.delete().where(table.c.pool_id == pool.id))
        session.execute(POOLS.delete().where(POOLS.c.id == pool.id))
        return pool.id, pool.name

    pool_id, name = admission.run(work)
    LOG.info('Pool %s (%s) deleted', name, pool_id)
    return pool_id
