"""Database access: transactions through oslo.db's enginefacade.

Every write runs in one ``writer`` transaction; readers may use a
(possibly asynchronous) ``reader`` transaction.
"""
import contextlib
import threading

from oslo_db.sqlalchemy import enginefacade

from promise.conf import CONF  # noqa: F401  (registers [database] defaults)
from promise.db import models
from promise.db import unreachable  # noqa: F401  (registers error rules)

context_manager = enginefacade.transaction_context()
context_manager.configure(sqlite_fk=True)
_SQLITE_WRITERS = threading.RLock()


class _Context:
    """A bare context for work that no request started (start-up, timers)."""


enginefacade.transaction_context_provider(_Context)


def internal_context():
    return _Context()


def reader(context=None):
    """A read transaction. Each call is a transaction of its own: request
    contexts are not used to carry sessions between calls."""
    return context_manager.reader.using(_Context())


@contextlib.contextmanager
def writer(context=None):
    """A write transaction, committed when the block ends.

    SQLite has one writer at a time and fails, rather than waits, when a
    transaction that began by reading tries to write after another one
    did: in-process writers take turns there.
    """
    if get_engine().dialect.name == 'sqlite':
        with _SQLITE_WRITERS:
            with context_manager.writer.using(_Context()) as session:
                yield session
    else:
        with context_manager.writer.using(_Context()) as session:
            yield session


def get_engine():
    return context_manager.writer.get_engine()


def dispose_engine():
    """Forget the engine, e.g. after a fork or a test changing [database]."""
    global context_manager
    context_manager = enginefacade.transaction_context()
    context_manager.configure(sqlite_fk=True)


# Hosts ----------------------------------------------------------------------

def host_get(context, host_id):
    with reader(context) as session:
        host = session.get(models.Host, host_id)
        if host is None:
            host = session.query(models.Host).filter_by(
                hypervisor_hostname=host_id).first()
        return host


def host_list(context):
    with reader(context) as session:
        return (session.query(models.Host)
                .order_by(models.Host.hypervisor_hostname).all())


def host_create(context, values, inventories=(), capabilities=None,
                on_created=None):
    """Create a host with its inventories and extra capabilities;
    ``on_created(session, host_id)`` runs in the same transaction."""
    with writer(context) as session:
        host = models.Host(**values)
        for inv in inventories:
            host.inventories.append(models.HostInventory(**inv))
        for name, value in (capabilities or {}).items():
            host.extra_capabilities.append(models.HostExtraCapability(
                capability_name=name, capability_value=str(value)))
        session.add(host)
        session.flush()
        if on_created is not None:
            on_created(session, host.id)
        return host


def host_count(context):
    with reader(context) as session:
        return session.query(models.Host).count()


# Leases ---------------------------------------------------------------------

def lease_get(context, lease_id):
    with reader(context) as session:
        return session.get(models.Lease, lease_id)


def lease_list(context, project_id=None, status=None, resource_type=None,
               window=None, limit=None, marker=None, sort_key='created_at',
               sort_dir='asc'):
    """Leases matching the filters; ``window`` = (start, end) keeps the
    leases that overlap it. Paginated by marker (a lease id)."""
    from oslo_db.sqlalchemy import utils as db_utils

    from promise import exceptions
    with reader(context) as session:
        query = session.query(models.Lease)
        if project_id is not None:
            query = query.filter(models.Lease.project_id == project_id)
        if status:
            query = query.filter(models.Lease.status == status.upper())
        if resource_type:
            query = query.filter(models.Lease.reservations.any(
                models.Reservation.resource_type == resource_type))
        if window is not None:
            query = query.filter(models.Lease.start_date < window[1],
                                 models.Lease.end_date > window[0])
        marker_row = None
        if marker:
            marker_row = session.get(models.Lease, marker)
            if marker_row is None:
                raise exceptions.BadRequest(
                    reason='marker %s is not a known lease' % marker)
        keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
        query = db_utils.paginate_query(query, models.Lease, limit, keys,
                                        marker=marker_row, sort_dir=sort_dir)
        return query.all()


# Pools ----------------------------------------------------------------------

def pool_sync(context, name, kind, host_ids, on_changed=None):
    """Create the pool if missing and give it exactly these hosts, for
    pools that follow the topology (kind provider or zone);
    ``on_changed(session, pool_id, created)`` runs in the same transaction
    when anything changed."""
    with writer(context) as session:
        pool = session.query(models.Pool).filter_by(name=name).first()
        created = pool is None
        if pool is None:
            pool = models.Pool(name=name, kind=kind, generation=0)
            session.add(pool)
            session.flush()
        elif pool.kind != kind:
            return pool
        current = {ph.host_id for ph in session.query(models.PoolHost)
                   .filter_by(pool_id=pool.id)}
        if current == set(host_ids):
            return pool
        for host_id in set(host_ids) - current:
            session.add(models.PoolHost(pool_id=pool.id, host_id=host_id))
        if current - set(host_ids):
            session.query(models.PoolHost).filter(
                models.PoolHost.pool_id == pool.id,
                models.PoolHost.host_id.in_(current - set(host_ids))).delete()
        pool.generation += 1
        if on_changed is not None:
            session.flush()
            on_changed(session, pool.id, created)
        return pool


def _pool_members(session, pool_ids=None):
    query = (session.query(models.PoolHost.pool_id, models.PoolHost.host_id)
             .join(models.Host, models.Host.id == models.PoolHost.host_id)
             .order_by(models.Host.hypervisor_hostname))
    if pool_ids is not None:
        query = query.filter(models.PoolHost.pool_id.in_(pool_ids))
    members = {}
    for pool_id, host_id in query:
        members.setdefault(pool_id, []).append(host_id)
    return members


def _pool_dict(pool, host_ids):
    return dict(pool.to_dict(), hosts=list(host_ids))


def pool_list(context, kind=None):
    """Pools as dicts, each with the ids of its hosts ("hosts")."""
    with reader(context) as session:
        query = session.query(models.Pool)
        if kind is not None:
            query = query.filter_by(kind=kind)
        pools = query.order_by(models.Pool.name).all()
        members = _pool_members(session)
        return [_pool_dict(p, members.get(p.id, ())) for p in pools]


def pool_get(context, ref):
    """A pool by id or name, as a dict with its host ids, or None."""
    with reader(context) as session:
        pool = session.get(models.Pool, ref)
        if pool is None:
            pool = session.query(models.Pool).filter_by(name=ref).first()
        if pool is None:
            return None
        members = _pool_members(session, [pool.id])
        return _pool_dict(pool, members.get(pool.id, ()))


# Host allocations and properties --------------------------------------------

def host_allocations(context, now, host_id=None, lease_id=None,
                     reservation_id=None):
    """Reservations holding something on hosts after ``now``.

    Returns {host id: [{"id", "lease_id", "start_date", "end_date"}]}: one
    entry per reservation, whatever the number of resource classes it
    claims there, spanning the earliest start and latest end of them.
    """
    with reader(context) as session:
        query = (session.query(models.Allocation.host_id,
                               models.Allocation.reservation_id,
                               models.Reservation.lease_id,
                               models.Allocation.start_date,
                               models.Allocation.end_date)
                 .join(models.Reservation, models.Reservation.id ==
                       models.Allocation.reservation_id)
                 .filter(models.Allocation.host_id.isnot(None),
                         models.Allocation.end_date > now))
        if host_id is not None:
            query = query.filter(models.Allocation.host_id == host_id)
        if lease_id is not None:
            query = query.filter(models.Reservation.lease_id == lease_id)
        if reservation_id is not None:
            query = query.filter(
                models.Allocation.reservation_id == reservation_id)
        per_host = {}
        for h_id, res_id, l_id, start, end in query:
            entry = per_host.setdefault(h_id, {}).setdefault(
                res_id, {'id': res_id, 'lease_id': l_id,
                         'start_date': start, 'end_date': end})
            entry['start_date'] = min(entry['start_date'], start)
            entry['end_date'] = max(entry['end_date'], end)
        return {h: sorted(entries.values(),
                          key=lambda e: (e['start_date'], e['id']))
                for h, entries in per_host.items()}


def host_property_values(context):
    """{extra capability name: sorted distinct values} over all hosts."""
    with reader(context) as session:
        rows = (session.query(models.HostExtraCapability.capability_name,
                              models.HostExtraCapability.capability_value)
                .distinct())
        values = {}
        for name, value in rows:
            values.setdefault(name, set()).add(value)
        return {name: sorted(vals) for name, vals in sorted(values.items())}


# Capacity adjustments -------------------------------------------------------

def adjustment_get(context, adjustment_id):
    with reader(context) as session:
        return session.get(models.CapacityAdjustment, adjustment_id)


def adjustment_list(context, host_id=None, pool_id=None):
    with reader(context) as session:
        query = session.query(models.CapacityAdjustment)
        if host_id:
            query = query.filter_by(host_id=host_id)
        if pool_id:
            query = query.filter_by(pool_id=pool_id)
        return query.order_by(models.CapacityAdjustment.start_date,
                              models.CapacityAdjustment.id).all()
