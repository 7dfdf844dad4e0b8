"""Lease events (start, end, before_end), run on a timer by whichever
manager claims each one first.

A claim is a conditional UPDATE from UNDONE to IN_PROGRESS: with several
managers, each event runs exactly once. An event left IN_PROGRESS by a
manager that died is given back after [manager] event_claim_timeout.
"""
import datetime
import threading

from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa

from promise import context as promise_context
from promise import dates
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models

LOG = logging.getLogger(__name__)

EVENTS = models.Event.__table__
BATCH = 100


class EventRunner:
    def __init__(self, host, handlers):
        """``handlers`` maps event types to f(context, session, lease)."""
        self.host = host
        self.handlers = handlers
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None

    # -- the loop ------------------------------------------------------
    def start(self):
        self._thread = threading.Thread(target=self._loop,
                                        name='promise-events', daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def wake(self):
        self._wake.set()

    def _loop(self):
        while not self._stop.is_set():
            try:
                self.run_due()
            except Exception:
                LOG.exception('Lease event scan failed; retrying later')
            self._wake.wait(CONF.manager.event_interval)
            self._wake.clear()

    # -- one scan ------------------------------------------------------
    def run_due(self, now=None):
        """Run the events due at ``now``; return how many this manager
        ran."""
        now = now or dates.utcnow()
        self._release_stale(now)
        with db_api.reader() as session:
            due = session.execute(
                sa.select(EVENTS.c.id).where(
                    EVENTS.c.status == 'UNDONE', EVENTS.c.time <= now)
                .order_by(EVENTS.c.time).limit(BATCH)).scalars().all()
        ran = 0
        for event_id in due:
            claimed_at = self._claim(event_id, now)
            if claimed_at is not None:
                self._run(event_id, claimed_at)
                ran += 1
        return ran

    def _claim(self, event_id, now):
        """Claim an event; return the claim's time as the database stored
        it (the token the run must still hold to commit), or None."""
        with db_api.writer() as session:
            result = session.execute(EVENTS.update().where(
                EVENTS.c.id == event_id, EVENTS.c.status == 'UNDONE').values(
                status='IN_PROGRESS', claimed_by=self.host, claimed_at=now))
            if result.rowcount != 1:
                return None
            return session.execute(sa.select(EVENTS.c.claimed_at).where(
                EVENTS.c.id == event_id)).scalar()

    def _release_stale(self, now):
        limit = now - datetime.timedelta(
            seconds=CONF.manager.event_claim_timeout)
        with db_api.writer() as session:
            result = session.execute(EVENTS.update().where(
                EVENTS.c.status == 'IN_PROGRESS',
                EVENTS.c.claimed_at < limit).values(
                status='UNDONE', claimed_by=None, claimed_at=None))
            if result.rowcount:
                LOG.warning('Gave back %d lease events claimed by managers '
                            'that did not finish them', result.rowcount)

    def _run(self, event_id, claimed_at):
        # The handler's changes and the DONE mark are one transaction: a
        # manager that dies after running an event but before marking it
        # cannot leave it to be run a second time by another manager, and
        # a run whose claim was given back meanwhile (a manager slower
        # than event_claim_timeout) is rolled back instead of doubled.
        context = promise_context.admin_context()
        try:
            with db_api.writer() as session:
                event = session.get(models.Event, event_id)
                if event is None:  # the lease was deleted meanwhile
                    return
                lease = session.get(models.Lease, event.lease_id)
                handler = self.handlers.get(event.event_type)
                if handler is not None:
                    handler(context, session, lease)
                if not self._finish(session, event_id, claimed_at, 'DONE'):
                    raise _ClaimLost()
                LOG.info('Ran %s of lease %s', event.event_type,
                         event.lease_id)
        except (db_exc.DBConnectionError, db_exc.DBDeadlock):
            # Not the event's fault: it runs again on a later scan.
            LOG.warning('Database connection lost or deadlock while running '
                        'lease event %s; it will run again', event_id)
            self._give_back(event_id, claimed_at)
        except _ClaimLost:
            LOG.warning('Lease event %s was given back to other managers '
                        'while it ran here; its run was rolled back',
                        event_id)
        except Exception:
            LOG.exception('Lease event %s failed', event_id)
            with db_api.writer() as session:
                self._finish(session, event_id, claimed_at, 'ERROR')

    def _give_back(self, event_id, claimed_at):
        try:
            with db_api.writer() as session:
                session.execute(EVENTS.update().where(
                    EVENTS.c.id == event_id,
                    EVENTS.c.status == 'IN_PROGRESS',
                    EVENTS.c.claimed_by == self.host,
                    EVENTS.c.claimed_at == claimed_at).values(
                    status='UNDONE', claimed_by=None, claimed_at=None))
        except db_exc.DBError:
            pass  # still down: event_claim_timeout gives it back later

    def _finish(self, session, event_id, claimed_at, outcome):
        result = session.execute(EVENTS.update().where(
            EVENTS.c.id == event_id, EVENTS.c.status == 'IN_PROGRESS',
            EVENTS.c.claimed_by == self.host,
            EVENTS.c.claimed_at == claimed_at).values(status=outcome))
        return result.rowcount == 1


class _ClaimLost(Exception):
    """The event's claim was given back while its handler ran."""
