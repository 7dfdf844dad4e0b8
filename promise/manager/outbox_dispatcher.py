"""Drains the outbox: creates a delivery for each subscription whose filter
an event passes.

An event is claimed by a conditional UPDATE of its ``published`` flag in
the short transaction that creates its deliveries: with several managers,
each event is dispatched by exactly one; a manager killed before its
commit leaves the event for the next scan, so nothing is lost. Sending
events to the message bus is apart (bus_publisher.py), so that a broker
outage never holds this transaction open nor webhooks back.
"""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import polling
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

    def __init__(self, host, on_dispatched=None):
        super().__init__()
        self.host = host
        self._on_dispatched = on_dispatched or (lambda: None)
        self._last_purge = None

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
                OUTBOX.c.bus_published == sa.true(),
                OUTBOX.c.created_at < cutoff, ~waiting)).rowcount
        if gone or events:
            LOG.info('Purged %d events and %d finished deliveries older '
                     'than %d days', events, gone,
                     CONF.notifications.retention_days)
