"""Makes the webhook deliveries that are due.

Each delivery is claimed just before its POST by a conditional UPDATE that
counts the attempt and pushes ``next_attempt_at`` past the longest the POST
can take: that is the claim's lease. A manager killed mid-POST leaves the
delivery pending; once the lease runs out it is due again, for any manager.
Receivers may therefore see an event twice, and use its id to ignore the
second one.

The deliveries of one subscription are made one after the other in event
order; subscriptions are served in parallel by a small pool of threads.
"""
import collections
from concurrent import futures
import datetime
import os
import threading

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import polling
from promise.notifications import backoff
from promise.notifications import webhook

LOG = logging.getLogger(__name__)

DELIVERIES = models.Delivery.__table__
SUBSCRIPTIONS = models.Subscription.__table__
OUTBOX = models.OutboxEvent.__table__

BATCH = 200
PENDING, DELIVERED, DEAD = 'pending', 'delivered', 'dead'


def _now():
    return timeutils.utcnow().replace(tzinfo=None)


def claim_lease():
    """Seconds a claim holds: never less than a whole POST (connect and
    read timeouts) with a second for the database writes around it."""
    timeout = CONF.notifications.request_timeout
    return max(CONF.notifications.claim_timeout, 2 * timeout + 1)


class DeliveryWorker(polling.PollingThread):
    name = 'promise-webhooks'

    def __init__(self, host, post=webhook.post):
        super().__init__()
        self.owner = '%s:%d' % (host, os.getpid())
        self._post = post
        self._pool = None
        self._lock = threading.Lock()
        self._serving = set()

    def interval(self):
        return CONF.notifications.scan_interval

    def start(self):
        self._pool = futures.ThreadPoolExecutor(
            CONF.notifications.delivery_workers,
            thread_name_prefix='promise-webhook')
        super().start()

    def stop(self, timeout=30):
        super().stop(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def run_once(self, now=None):
        """Start the due deliveries of each subscription not already being
        served; without a thread pool (tests), make them at once."""
        now = now or _now()
        with db_api.reader() as session:
            due = session.execute(
                sa.select(DELIVERIES.c.id, DELIVERIES.c.subscription_id)
                .where(DELIVERIES.c.status == PENDING,
                       DELIVERIES.c.next_attempt_at <= now)
                .order_by(DELIVERIES.c.event_id, DELIVERIES.c.id)
                .limit(BATCH)).all()
        groups = collections.OrderedDict()
        for delivery_id, subscription_id in due:
            groups.setdefault(subscription_id, []).append(delivery_id)
        for subscription_id, ids in groups.items():
            if self._pool is None:
                self.deliver(ids)
                continue
            # A slow or dead receiver holds one thread, never the others:
            # its subscription is skipped until that thread is done.
            with self._lock:
                if subscription_id in self._serving:
                    continue
                self._serving.add(subscription_id)
            self._pool.submit(self._serve, subscription_id, ids)
        return False

    def _serve(self, subscription_id, ids):
        try:
            self.deliver(ids)
        finally:
            with self._lock:
                self._serving.discard(subscription_id)

    def deliver(self, delivery_ids):
        """Claim and make each delivery in turn. The first failure ends
        the turn, so that a receiver that is down costs one timeout per
        scan rather than one per waiting event."""
        for delivery_id in delivery_ids:
            if self.stopping:
                return
            try:
                job = self._claim(delivery_id)
                if job is None:
                    continue
                outcome = self._attempt(job)
                self._finish(job, outcome)
            except Exception:
                LOG.exception('Webhook delivery %s failed', delivery_id)
                return
            if not outcome.delivered:
                return

    def _claim(self, delivery_id):
        now = _now()
        until = now + datetime.timedelta(seconds=claim_lease())
        with db_api.writer() as session:
            result = session.execute(DELIVERIES.update().where(
                DELIVERIES.c.id == delivery_id,
                DELIVERIES.c.status == PENDING,
                DELIVERIES.c.next_attempt_at <= now).values(
                attempts=DELIVERIES.c.attempts + 1, next_attempt_at=until,
                claimed_by=self.owner, updated_at=now))
            if result.rowcount != 1:
                return None
            row = session.execute(
                sa.select(DELIVERIES.c.id, DELIVERIES.c.attempts,
                          SUBSCRIPTIONS.c.url, SUBSCRIPTIONS.c.secret,
                          OUTBOX.c.id.label('event_id'), OUTBOX.c.uuid,
                          OUTBOX.c.event_type, OUTBOX.c.priority,
                          OUTBOX.c.payload, OUTBOX.c.project_id,
                          OUTBOX.c.resource_type, OUTBOX.c.resource_id,
                          OUTBOX.c.created_at)
                .select_from(DELIVERIES.join(
                    SUBSCRIPTIONS,
                    SUBSCRIPTIONS.c.id == DELIVERIES.c.subscription_id)
                    .join(OUTBOX, OUTBOX.c.id == DELIVERIES.c.event_id))
                .where(DELIVERIES.c.id == delivery_id)).one()
        return dict(row._mapping)

    def _attempt(self, job):
        event = dict(job, id=job['event_id'])
        raw = webhook.body(event, CONF.notifications.max_payload_bytes)
        return self._post(job['url'], raw,
                          webhook.headers(event, raw, job['secret']),
                          CONF.notifications.request_timeout,
                          CONF.notifications.callback_allow_list)

    def _finish(self, job, outcome):
        now = _now()
        values = {'last_status_code': outcome.status_code,
                  'last_error': outcome.error, 'claimed_by': None,
                  'updated_at': now}
        conf = CONF.notifications
        if outcome.delivered:
            values.update(status=DELIVERED, delivered_at=now)
        elif job['attempts'] >= conf.max_attempts:
            values.update(status=DEAD)
            LOG.warning('Webhook delivery %s of event %s is dead after %d '
                        'attempts: %s', job['id'], job['uuid'],
                        job['attempts'], outcome.error)
        else:
            wait = backoff.delay(job['attempts'], conf.backoff_base,
                                 conf.backoff_max)
            values['next_attempt_at'] = now + datetime.timedelta(
                seconds=wait)
        with db_api.writer() as session:
            # Only while the claim is still ours: a claim that ran out was
            # taken by another attempt, which will write its own outcome.
            session.execute(DELIVERIES.update().where(
                DELIVERIES.c.id == job['id'],
                DELIVERIES.c.status == PENDING,
                DELIVERIES.c.attempts == job['attempts']).values(**values))
