"""The lease status machine, enforced in one place.

Transitions are applied with a conditional UPDATE on the current status, so
that two managers can never both move the same lease.
"""

from promise import dates
from promise import exceptions
from promise import notifications
from promise.db import models

PENDING = 'PENDING'
STARTING = 'STARTING'
ACTIVE = 'ACTIVE'
DEGRADED = 'DEGRADED'
TERMINATING = 'TERMINATING'
TERMINATED = 'TERMINATED'
ERROR = 'ERROR'

ALL = (PENDING, STARTING, ACTIVE, DEGRADED, TERMINATING, TERMINATED, ERROR)

TRANSITIONS = {
    PENDING: {STARTING, DEGRADED, TERMINATING, ERROR},
    STARTING: {ACTIVE, DEGRADED, ERROR},
    ACTIVE: {TERMINATING, DEGRADED, ERROR},
    DEGRADED: {PENDING, ACTIVE, STARTING, TERMINATING, ERROR},
    TERMINATING: {TERMINATED, ERROR},
    TERMINATED: set(),
    ERROR: {TERMINATING},
}

# Reservation statuses, as Blazar names them.
RESERVATION_FOR_LEASE = {PENDING: 'pending', STARTING: 'pending',
                         ACTIVE: 'active', DEGRADED: 'active',
                         TERMINATING: 'active', TERMINATED: 'deleted',
                         ERROR: 'error'}

LEASES = models.Lease.__table__
RESERVATIONS = models.Reservation.__table__


InvalidTransition = exceptions.InvalidTransition


def can_move(current, target):
    return target in TRANSITIONS.get(current, ())


def move(session, lease_id, current, target, reason=None):
    """Move the lease from ``current`` to ``target`` or raise."""
    if not can_move(current, target):
        raise InvalidTransition(lease=lease_id, current=current,
                                target=target)
    values = {'status': target, 'updated_at': dates.utcnow(),
              'generation': LEASES.c.generation + 1}
    if reason is not None:
        values['status_reason'] = reason
    if target == DEGRADED:
        values['degraded'] = True
    elif target in (ACTIVE, PENDING):
        values['degraded'] = False
    result = session.execute(LEASES.update().where(
        LEASES.c.id == lease_id, LEASES.c.status == current).values(**values))
    if result.rowcount != 1:
        raise InvalidTransition(lease=lease_id, current=current,
                                target=target)
    res_status = RESERVATION_FOR_LEASE.get(target)
    if res_status:
        session.execute(RESERVATIONS.update().where(
            RESERVATIONS.c.lease_id == lease_id).values(
            status=res_status, updated_at=dates.utcnow()))
    notifications.lease_status(session, lease_id, current, target)
