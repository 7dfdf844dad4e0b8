"""The outbox: events written in the transaction of the change they
describe, so that a change is never committed without its notification,
nor notified without being committed."""
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from promise.db import models
from promise.notifications import catalogue

OUTBOX = models.OutboxEvent.__table__

_WAKERS = []


def add_waker(func):
    """Call ``func`` after each commit that recorded events, so that the
    dispatcher need not wait for its next scan."""
    _WAKERS.append(func)


def remove_waker(func):
    if func in _WAKERS:
        _WAKERS.remove(func)


def _wake(session):
    session.info.pop('promise_outbox', None)
    for func in list(_WAKERS):
        func()


def record(session, event_type, payload, project_id=None, resource_type=None,
           resource_id=None):
    """Insert an event in the caller's transaction; returns its uuid."""
    entry = catalogue.get(event_type)
    event_uuid = uuidutils.generate_uuid()
    session.execute(OUTBOX.insert().values(
        uuid=event_uuid, event_type=event_type, priority=entry.priority,
        payload=payload, project_id=project_id,
        resource_type=resource_type or entry.resource_type,
        resource_id=resource_id, published=False, bus_published=False,
        created_at=timeutils.utcnow().replace(tzinfo=None)))
    if not session.info.get('promise_outbox'):
        session.info['promise_outbox'] = True
        sa.event.listen(session, 'after_commit', _wake, once=True)
    return event_uuid
