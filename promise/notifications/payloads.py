"""Versioned payloads, in the shape of OpenStack's versioned notifications:
``promise_object.name``, ``.namespace``, ``.version`` and ``.data``.

Payloads are read with Core queries inside the caller's transaction, after
a flush, so that they show what that transaction is about to commit rather
than what the ORM objects last loaded. A change of the fields of a payload
bumps its version: a new field is a minor bump, anything else a major one.
"""
import sqlalchemy as sa

from promise.db import models

LEASES = models.Lease.__table__
RESERVATIONS = models.Reservation.__table__
ALLOCATIONS = models.Allocation.__table__
ADJUSTMENTS = models.CapacityAdjustment.__table__
HOSTS = models.Host.__table__
INVENTORIES = models.HostInventory.__table__
CAPABILITIES = models.HostExtraCapability.__table__
POOLS = models.Pool.__table__
POOL_HOSTS = models.PoolHost.__table__
INSTANCES = models.Instance.__table__

VERSIONS = {
    'LeasePayload': '1.0',
    'ReservationPayload': '1.0',
    'CapacityAdjustmentPayload': '1.0',
    'HostPayload': '1.0',
    'PoolPayload': '1.0',
    'InstancePayload': '1.0',
}


def _date(value):
    return value.isoformat() if value is not None else None


def wrap(name, data):
    return {'promise_object.name': name,
            'promise_object.namespace': 'promise',
            'promise_object.version': VERSIONS[name],
            'promise_object.data': data}


def _allocations(session, reservation_ids):
    per_reservation = {rid: [] for rid in reservation_ids}
    if not reservation_ids:
        return per_reservation
    rows = session.execute(
        sa.select(ALLOCATIONS).where(
            ALLOCATIONS.c.reservation_id.in_(reservation_ids))
        .order_by(ALLOCATIONS.c.id)).all()
    for row in rows:
        per_reservation[row.reservation_id].append({
            'host_id': row.host_id, 'pool_id': row.pool_id,
            'resource_class': row.resource_class, 'amount': row.amount,
            'start_date': _date(row.start_date),
            'end_date': _date(row.end_date)})
    return per_reservation


def _reservation(row, allocations):
    return wrap('ReservationPayload', {
        'id': row.id, 'lease_id': row.lease_id,
        'resource_type': row.resource_type, 'status': row.status,
        'status_reason': row.status_reason,
        'missing_resources': row.missing_resources,
        'resources_changed': row.resources_changed,
        # By key: rows are tuples, and "values" reads like a method name.
        'values': row._mapping['values'],
        'allocations': allocations,
        'created_at': _date(row.created_at),
        'updated_at': _date(row.updated_at)})


def reservations(session, where):
    """ReservationPayloads of the reservations selected by ``where``."""
    session.flush()
    rows = session.execute(sa.select(RESERVATIONS).where(where)
                           .order_by(RESERVATIONS.c.created_at,
                                     RESERVATIONS.c.id)).all()
    allocations = _allocations(session, [r.id for r in rows])
    return [(r, _reservation(r, allocations[r.id])) for r in rows]


def project_of(session, lease_id):
    return session.execute(sa.select(LEASES.c.project_id).where(
        LEASES.c.id == lease_id)).scalar()


def lease(session, lease_id):
    """(lease row, [(reservation row, ReservationPayload)], LeasePayload),
    or None."""
    session.flush()
    row = session.execute(sa.select(LEASES).where(
        LEASES.c.id == lease_id)).first()
    if row is None:
        return None
    held = reservations(session, RESERVATIONS.c.lease_id == lease_id)
    return row, held, wrap('LeasePayload', {
        'id': row.id, 'name': row.name, 'project_id': row.project_id,
        'user_id': row.user_id, 'start_date': _date(row.start_date),
        'end_date': _date(row.end_date),
        'before_end_date': _date(row.before_end_date),
        'status': row.status, 'status_reason': row.status_reason,
        'degraded': row.degraded,
        'reservations': [payload for _, payload in held],
        'created_at': _date(row.created_at),
        'updated_at': _date(row.updated_at)})


def adjustment(session, adjustment_id, **extra):
    """(row, CapacityAdjustmentPayload), or None."""
    session.flush()
    row = session.execute(sa.select(ADJUSTMENTS).where(
        ADJUSTMENTS.c.id == adjustment_id)).first()
    if row is None:
        return None
    data = {'id': row.id, 'host_id': row.host_id, 'pool_id': row.pool_id,
            'amounts': row.amounts, 'start_date': _date(row.start_date),
            'end_date': _date(row.end_date), 'reason': row.reason,
            'project_id': row.project_id,
            'created_at': _date(row.created_at)}
    data.update(extra)
    return row, wrap('CapacityAdjustmentPayload', data)


def host(session, host_id):
    """(row, HostPayload), or None."""
    session.flush()
    row = session.execute(sa.select(HOSTS).where(
        HOSTS.c.id == host_id)).first()
    if row is None:
        return None
    inventories = {
        inv.resource_class: {'total': inv.total, 'reserved': inv.reserved,
                             'allocation_ratio': inv.allocation_ratio}
        for inv in session.execute(sa.select(INVENTORIES).where(
            INVENTORIES.c.host_id == host_id))}
    capabilities = dict(session.execute(
        sa.select(CAPABILITIES.c.capability_name,
                  CAPABILITIES.c.capability_value)
        .where(CAPABILITIES.c.host_id == host_id)).all())
    pools = sorted(r[0] for r in session.execute(
        sa.select(POOL_HOSTS.c.pool_id).where(
            POOL_HOSTS.c.host_id == host_id)))
    return row, wrap('HostPayload', {
        'id': row.id, 'hypervisor_hostname': row.hypervisor_hostname,
        'availability_zone': row.availability_zone, 'state': row.state,
        'reservable': row.reservable, 'vcpus': row.vcpus,
        'memory_mb': row.memory_mb, 'local_gb': row.local_gb,
        'inventories': inventories, 'extra_capabilities': capabilities,
        'pool_ids': pools, 'created_at': _date(row.created_at),
        'updated_at': _date(row.updated_at)})


def pool(session, pool_id):
    """(row, PoolPayload), or None."""
    session.flush()
    row = session.execute(sa.select(POOLS).where(
        POOLS.c.id == pool_id)).first()
    if row is None:
        return None
    hosts = sorted(r[0] for r in session.execute(
        sa.select(POOL_HOSTS.c.host_id).where(
            POOL_HOSTS.c.pool_id == pool_id)))
    return row, wrap('PoolPayload', {
        'id': row.id, 'name': row.name, 'kind': row.kind,
        'description': row.description, 'host_ids': hosts,
        'created_at': _date(row.created_at),
        'updated_at': _date(row.updated_at)})


def instance(session, instance_id):
    """(row, InstancePayload), or None."""
    session.flush()
    row = session.execute(sa.select(INSTANCES).where(
        INSTANCES.c.id == instance_id)).first()
    if row is None:
        return None
    host = session.execute(sa.select(HOSTS.c.hypervisor_hostname).where(
        HOSTS.c.id == row.host_id)).scalar() if row.host_id else None
    return row, wrap('InstancePayload', {
        'id': row.id, 'name': row.name, 'provider_id': row.provider_id,
        'project_id': row.project_id, 'user_id': row.user_id,
        'flavor': row.flavor, 'vcpus': row.vcpus,
        'memory_mb': row.memory_mb, 'disk_gb': row.disk_gb,
        'reservation_id': row.reservation_id, 'host_id': row.host_id,
        'host': host, 'server_id': row.server_id, 'status': row.status,
        'status_reason': row.status_reason, 'priority': row.priority,
        'preemptible': row.preemptible,
        'created_at': _date(row.created_at),
        'updated_at': _date(row.updated_at)})
