"""Drains the outbox: publishes each event to the message bus and creates
a delivery for each subscription whose filter it passes.

An event is claimed by a conditional UPDATE of its ``published`` flag in
the transaction that publishes it and creates its deliveries: with several
managers, each event is published by exactly one; a manager killed before
its commit leaves the event unpublished for the next scan, so nothing is
lost (the bus may then see an event twice, never zero times).
"""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import polling
from promise.notifications import bus as bus_mod
from promise.notifications import matching

LOG = logging.getLogger(__name__)

OUTBOX = models.OutboxEvent.__table__
SUBSCRIPTIONS = models.Subscription.__table__
DELIVERIES = models.Delivery.__table__

BATCH = 100
PURGE_EVERY = datetime.timedelta(hours=1)


def _now():
    return timeutils.utcnow().replace(tzinfo=None)


class OutboxDispatcher(polling.PollingThread):
    name = 'promise-outbox'

    def __init__(self, host, bus=None, on_dispatched=None):
        super().__init__()
        self.host = host
        self._bus = bus
        self._on_dispatched = on_dispatched or (lambda: None)
        self._last_purge = None

    @property
    def bus(self):
        if self._bus is None:
            self._bus = bus_mod.Bus(self.host)
        return self._bus

    def interval(self):
        return CONF.notifications.scan_interval

    def run_once(self, now=None):
        """Dispatch one batch; True when the batch was full."""
        now = now or _now()
        self._maybe_purge(now)
        with db_api.reader() as session:
            ids = session.execute(
                sa.select(OUTBOX.c.id)
                .where(OUTBOX.c.published == sa.false())
                .order_by(OUTBOX.c.id).limit(BATCH)).scalars().all()
        if not ids:
            return False
        created = self._dispatch(ids, now)
        if created:
            self._on_dispatched()
        return len(ids) == BATCH

    def _dispatch(self, ids, now):
        created = 0
        with db_api.writer() as session:
            subscriptions = [dict(r._mapping) for r in session.execute(
                sa.select(SUBSCRIPTIONS.c.id, SUBSCRIPTIONS.c.project_id,
                          SUBSCRIPTIONS.c.cloud_events,
                          SUBSCRIPTIONS.c.event_types,
                          SUBSCRIPTIONS.c.resource_types,
                          SUBSCRIPTIONS.c.resource_ids))]
            for event_id in ids:
                claimed = session.execute(OUTBOX.update().where(
                    OUTBOX.c.id == event_id,
                    OUTBOX.c.published == sa.false()).values(
                    published=True, updated_at=now))
                if claimed.rowcount != 1:
                    continue
                event = session.execute(sa.select(OUTBOX).where(
                    OUTBOX.c.id == event_id)).one()._mapping
                self.bus.publish(event['event_type'], event['priority'],
                                 event['payload'])
                rows = [{'subscription_id': sub['id'], 'event_id': event_id,
                         'status': 'pending', 'attempts': 0,
                         'next_attempt_at': now, 'created_at': now}
                        for sub in subscriptions
                        if matching.matches(sub, event)]
                if rows:
                    session.execute(DELIVERIES.insert(), rows)
                    created += len(rows)
        return created

    def _maybe_purge(self, now):
        if self._last_purge and now - self._last_purge < PURGE_EVERY:
            return
        self._last_purge = now
        cutoff = now - datetime.timedelta(
            days=CONF.notifications.retention_days)
        with db_api.writer() as session:
            gone = session.execute(DELIVERIES.delete().where(
                DELIVERIES.c.status.in_(('delivered', 'dead')),
                DELIVERIES.c.created_at < cutoff)).rowcount
            waiting = sa.select(DELIVERIES.c.id).where(
                DELIVERIES.c.event_id == OUTBOX.c.id).exists()
            events = session.execute(OUTBOX.delete().where(
                OUTBOX.c.published == sa.true(),
                OUTBOX.c.created_at < cutoff, ~waiting)).rowcount
        if gone or events:
            LOG.info('Purged %d events and %d finished deliveries older '
                     'than %d days', events, gone,
                     CONF.notifications.retention_days)
