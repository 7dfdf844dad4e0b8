"""Sends the events of the outbox to the message bus, apart from their
webhook deliveries (outbox_dispatcher.py).

Each event is claimed by a conditional UPDATE that sets
``bus_claimed_until`` (the claim's lease), sent with no transaction open,
and marked ``bus_published`` only once the Notifier took it. A send that
fails (the broker is away; the Notifier tries ``[notifications]
bus_retry`` more times, then gives up) gives the claim back and the
event is tried again ``bus_retry_interval`` seconds later. With several
managers each event is sent by one of them; only a manager killed between
the send and the mark, or a send outlasting the lease, lets the bus see an
event twice.
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

LOG = logging.getLogger(__name__)

OUTBOX = models.OutboxEvent.__table__

BATCH = 100


def _now():
    return timeutils.utcnow().replace(tzinfo=None)


class BusPublisher(polling.PollingThread):
    name = 'promise-bus'

    def __init__(self, host, bus=None):
        super().__init__()
        self.host = host
        self._bus = bus
        self._failed = False

    @property
    def bus(self):
        if self._bus is None:
            self._bus = bus_mod.Bus(self.host)
        return self._bus

    def interval(self):
        if self._failed:
            return max(CONF.notifications.scan_interval,
                       CONF.notifications.bus_retry_interval)
        return CONF.notifications.scan_interval

    def run_once(self, now=None):
        """Send one batch; True when there may be more to send."""
        self._failed = False
        if not self.bus.enabled:
            self._skip_all()
            return False
        with db_api.reader() as session:
            ids = session.execute(
                sa.select(OUTBOX.c.id)
                .where(OUTBOX.c.bus_published == sa.false(),
                       self._free(now or _now()))
                .order_by(OUTBOX.c.id).limit(BATCH)).scalars().all()
        for event_id in ids:
            if self.stopping:
                return False
            if not self.publish(event_id, now):
                self._failed = True
                return False
        return len(ids) == BATCH

    def publish(self, event_id, now=None):
        """Claim, send and mark one event; False when the bus failed."""
        now = now or _now()
        # Whole seconds: the lease is compared for equality once read back,
        # and MySQL keeps no fractions of a second.
        until = (now + datetime.timedelta(
            seconds=CONF.notifications.claim_timeout)).replace(microsecond=0)
        event = self._claim(event_id, now, until)
        if event is None:
            return True
        try:
            self.bus.publish(event['event_type'], event['priority'],
                             event['payload'])
        except bus_mod.BusUnavailable as exc:
            LOG.warning('Event %s could not be sent to the message bus; '
                        'trying again in %s seconds: %s', event['uuid'],
                        CONF.notifications.bus_retry_interval, exc)
            self._settle(event_id, until, bus_published=False)
            return False
        self._settle(event_id, until, bus_published=True)
        return True

    @staticmethod
    def _free(now):
        return sa.or_(OUTBOX.c.bus_claimed_until.is_(None),
                      OUTBOX.c.bus_claimed_until <= now)

    def _claim(self, event_id, now, until):
        with db_api.writer() as session:
            claimed = session.execute(OUTBOX.update().where(
                OUTBOX.c.id == event_id,
                OUTBOX.c.bus_published == sa.false(),
                self._free(now)).values(bus_claimed_until=until))
            if claimed.rowcount != 1:
                return None
            return dict(session.execute(
                sa.select(OUTBOX.c.uuid, OUTBOX.c.event_type,
                          OUTBOX.c.priority, OUTBOX.c.payload)
                .where(OUTBOX.c.id == event_id)).one()._mapping)

    def _settle(self, event_id, until, bus_published):
        with db_api.writer() as session:
            # Only while the claim is still ours: once its lease ran out
            # another manager may hold the event.
            done = session.execute(OUTBOX.update().where(
                OUTBOX.c.id == event_id,
                OUTBOX.c.bus_claimed_until == until).values(
                bus_published=bus_published, bus_claimed_until=None))
        if bus_published and done.rowcount != 1:
            LOG.warning('Sending event %s to the message bus outlasted its '
                        'claim; the bus may see it twice', event_id)

    def _skip_all(self):
        # No bus configured: there is nothing to send, and the events may
        # be purged once their deliveries are done.
        with db_api.writer() as session:
            session.execute(OUTBOX.update().where(
                OUTBOX.c.bus_published == sa.false()).values(
                bus_published=True))
