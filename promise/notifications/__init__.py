"""Notifications of changes: recorded in the outbox by the code that makes
the change, in its transaction; published to the message bus and to
webhook subscriptions by the manager (promise/manager/outbox_dispatcher.py
and delivery_worker.py).

The helpers below are what the manager calls next to a change: each reads
the resource as the transaction left it and records one event (and, for a
lease, the same event for each of its reservations).
"""
from promise.notifications import payloads
from promise.notifications.outbox import add_waker
from promise.notifications.outbox import record
from promise.notifications.outbox import remove_waker

__all__ = ['record', 'add_waker', 'remove_waker', 'lease', 'reservation',
           'adjustment', 'host', 'pool', 'lease_status', 'instance']


def lease(session, event_type, lease_id):
    """Record ``lease.<x>`` and ``reservation.<x>`` for each of its
    reservations."""
    found = payloads.lease(session, lease_id)
    if found is None:
        return
    row, held, payload = found
    record(session, event_type, payload, row.project_id, 'lease', row.id)
    action = event_type.split('.', 1)[1]
    for res, res_payload in held:
        record(session, 'reservation.' + action, res_payload,
               row.project_id, 'reservation', res.id)


def reservation(session, event_type, reservation_id):
    held = payloads.reservations(
        session, payloads.RESERVATIONS.c.id == reservation_id)
    if held:
        res, payload = held[0]
        record(session, event_type, payload,
               payloads.project_of(session, res.lease_id), 'reservation',
               reservation_id)


def lease_status(session, lease_id, current, target):
    """Record lease.degraded or lease.healed when a status move is one."""
    if target == 'DEGRADED' and current != 'DEGRADED':
        lease(session, 'lease.degraded', lease_id)
    elif current == 'DEGRADED' and target in ('PENDING', 'STARTING',
                                              'ACTIVE'):
        lease(session, 'lease.healed', lease_id)


def adjustment(session, event_type, adjustment_id, **extra):
    found = payloads.adjustment(session, adjustment_id, **extra)
    if found is not None:
        row, payload = found
        record(session, event_type, payload, row.project_id,
               'capacity_adjustment', row.id)


def host(session, event_type, host_id):
    found = payloads.host(session, host_id)
    if found is not None:
        record(session, event_type, found[1], None, 'host', host_id)


def pool(session, event_type, pool_id):
    found = payloads.pool(session, pool_id)
    if found is not None:
        record(session, event_type, found[1], None, 'pool', pool_id)


def instance(session, event_type, instance_id, **extra):
    found = payloads.instance(session, instance_id)
    if found is not None:
        row, payload = found
        payload['promise_object.data'].update(extra)
        record(session, event_type, payload, row.project_id, 'instance',
               instance_id)
