"""From the outbox to the bus and to webhooks: matching, signatures,
retries, dead letters and claims, against a real HTTP receiver."""
import datetime

from oslo_messaging.notify import _impl_test
import sqlalchemy as sa

from promise import context
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import bus_publisher
from promise.manager import delivery_worker
from promise.manager import outbox_dispatcher
from promise.manager import subscriptions
from promise.notifications import bus as bus_mod
from promise.notifications import webhook
from promise.tests import receiver as receiver_mod
from promise.tests.unit.notifications import test_outbox

DELIVERIES = models.Delivery.__table__
SECRET = 'a-secret-of-sixteen-chars'


class FakeBus:
    enabled = True

    def __init__(self):
        self.sent = []
        self.down = False
        self.during_send = None

    def publish(self, event_type, priority, payload):
        if self.during_send:
            self.during_send(event_type)
        if self.down:
            raise bus_mod.BusUnavailable('connection refused')
        self.sent.append(event_type)


def deliveries():
    with db_api.reader() as session:
        return [dict(r._mapping) for r in session.execute(
            sa.select(DELIVERIES).order_by(DELIVERIES.c.id))]


def make_due():
    with db_api.writer() as session:
        session.execute(DELIVERIES.update().where(
            DELIVERIES.c.status == 'pending').values(
            next_attempt_at=datetime.datetime(2000, 1, 1)))


class DeliveryTestCase(test_outbox.OutboxTestCase):

    def setUp(self):
        super().setUp()
        self.conf.set_override('callback_allow_list', ['127.0.0.0/8'],
                               group='notifications')
        self.conf.set_override('request_timeout', 2, group='notifications')
        self.bus = FakeBus()
        self.dispatcher = outbox_dispatcher.OutboxDispatcher('m1')
        self.publisher = bus_publisher.BusPublisher('m1', self.bus)
        self.worker = delivery_worker.DeliveryWorker('m1')
        # What the sync recorded is not what these tests are about.
        self.dispatcher.run_once()
        self.publisher.run_once()
        del self.bus.sent[:]

    def subscribe(self, receiver, ctx=None, cloud=False, **flt):
        return subscriptions.create(
            ctx or self.ctx, {'url': receiver.url, 'secret': receiver.secret,
                              'filter': flt}, cloud_events=cloud)

    def drain(self):
        while self.dispatcher.run_once():
            pass
        while self.publisher.run_once():
            pass
        self.worker.run_once()


class TestDelivery(DeliveryTestCase):

    def test_seed_flow_reaches_the_webhook_signed_and_in_order(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        sub_id = self.subscribe(hook, event_types=['lease.*'])
        lease_id = self.lease(before_end_date='2031-01-01 11:30')
        self.runner.run_due(datetime.datetime(2031, 1, 1, 10, 0, 1))
        self.runner.run_due(datetime.datetime(2031, 1, 1, 12, 0, 0))
        self.drain()
        self.assertEqual(['lease.create.end', 'lease.start',
                          'lease.before_end', 'lease.end'],
                         hook.event_types())
        self.assertTrue(all(r.signature_ok for r in hook.received))
        first = hook.received[0]
        self.assertEqual(first.json['event_id'],
                         first.headers[webhook.EVENT_ID_HEADER])
        self.assertEqual('lease.create.end',
                         first.headers[webhook.EVENT_TYPE_HEADER])
        self.assertEqual(lease_id, first.json['resource_id'])
        self.assertEqual('LeasePayload',
                         first.json['payload']['promise_object.name'])
        sequences = [e['sequence'] for e in hook.events()]
        self.assertEqual(sorted(sequences), sequences)
        rows = deliveries()
        self.assertEqual({'delivered'}, {d['status'] for d in rows})
        self.assertEqual({sub_id}, {d['subscription_id'] for d in rows})
        self.assertEqual({1}, {d['attempts'] for d in rows})
        self.assertEqual({204}, {d['last_status_code'] for d in rows})
        # The bus had every event, those nobody subscribed to included.
        self.assertIn('reservation.start', self.bus.sent)

    def test_projects_and_cloud_events(self):
        own = self.useFixture(receiver_mod.Receiver(SECRET))
        other = self.useFixture(receiver_mod.Receiver(SECRET))
        cloud = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(own)
        self.subscribe(other, context.RequestContext(project_id='p2'))
        self.subscribe(cloud, context.RequestContext(project_id='ops'),
                       cloud=True, event_types=['host.*', 'pool.*'])
        self.lease()
        from promise.manager import inventory
        inventory.update_host('server-c', {'rack': 'r9'})
        self.drain()
        self.assertEqual(['lease.create.end', 'reservation.create.end'],
                         own.event_types())
        self.assertEqual([], other.event_types())
        self.assertEqual(['host.update'], cloud.event_types())

    def test_unsigned_without_a_secret(self):
        hook = self.useFixture(receiver_mod.Receiver())
        self.subscribe(hook)
        self.lease()
        self.drain()
        self.assertEqual(2, len(hook.received))
        self.assertNotIn('X-Promise-Signature', hook.received[0].headers)

    def test_retries_with_backoff_then_dead(self):
        self.conf.set_override('max_attempts', 3, group='notifications')
        hook = self.useFixture(receiver_mod.Receiver(SECRET, answers=500))
        self.subscribe(hook, event_types=['lease.create.end'])
        self.lease()
        before = datetime.datetime.utcnow()
        self.drain()
        (row,) = deliveries()
        self.assertEqual(('pending', 1, 500, 'HTTP 500 Internal Server '
                                             'Error'),
                         (row['status'], row['attempts'],
                          row['last_status_code'], row['last_error']))
        wait = (row['next_attempt_at'] - before).total_seconds()
        self.assertTrue(4 <= wait <= 12, wait)
        self.worker.run_once()
        self.assertEqual(1, len(hook.received))  # not due yet
        make_due()
        self.worker.run_once()
        (row,) = deliveries()
        self.assertEqual(('pending', 2), (row['status'], row['attempts']))
        make_due()
        self.worker.run_once()
        (row,) = deliveries()
        self.assertEqual(('dead', 3), (row['status'], row['attempts']))
        make_due()
        self.worker.run_once()
        self.assertEqual(3, len(hook.received))

    def test_redirects_are_not_followed(self):
        target = self.useFixture(receiver_mod.Receiver(SECRET))
        hook = self.useFixture(receiver_mod.Receiver(
            SECRET, answers=(302, {'Location': target.url})))
        self.subscribe(hook, event_types=['lease.create.end'])
        self.lease()
        self.drain()
        (row,) = deliveries()
        self.assertEqual(('pending', 302), (row['status'],
                                            row['last_status_code']))
        self.assertIn('not followed', row['last_error'])
        self.assertEqual([], target.received)

    def test_unsafe_addresses_are_checked_again_at_delivery(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook, event_types=['lease.create.end'])
        self.conf.set_override('callback_allow_list', [],
                               group='notifications')
        self.lease()
        self.drain()
        (row,) = deliveries()
        self.assertIn('refused', row['last_error'])
        self.assertIn('loopback', row['last_error'])
        self.assertEqual([], hook.received)

    def test_a_dead_managers_claim_runs_out(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook, event_types=['lease.create.end'])
        self.lease()
        self.dispatcher.run_once()
        (row,) = deliveries()
        dead = delivery_worker.DeliveryWorker('m0')
        job = dead._claim(row['id'])
        self.assertIsNotNone(job)
        # Claimed: no other manager takes it...
        self.worker.run_once()
        self.assertEqual([], hook.received)
        # ...until its lease runs out.
        make_due()
        self.worker.run_once()
        self.assertEqual(1, len(hook.received))
        # The first claim's late outcome changes nothing.
        dead._finish(job, webhook.Outcome(False, 500, 'late'))
        (row,) = deliveries()
        self.assertEqual(('delivered', 2), (row['status'], row['attempts']))

    def test_two_managers_dispatch_and_publish_each_event_once(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook)
        for _ in range(3):
            self.lease()
        other = outbox_dispatcher.OutboxDispatcher('m2')
        other_bus = FakeBus()
        other_publisher = bus_publisher.BusPublisher('m2', other_bus)
        # The other manager claims each event while this one sends it.
        self.bus.during_send = lambda _: other_publisher.run_once()
        self.dispatcher.run_once()
        other.run_once()
        self.publisher.run_once()
        other_publisher.run_once()
        self.assertEqual(6, len(deliveries()))
        # The other took the five this one had not claimed yet, never the
        # one being sent.
        self.assertEqual((1, 5), (len(self.bus.sent), len(other_bus.sent)))
        self.assertEqual({True}, {e['bus_published']
                                  for e in test_outbox.outbox()})

    def test_deleting_a_subscription_drops_its_deliveries(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        sub_id = self.subscribe(hook)
        self.lease()
        self.dispatcher.run_once()
        self.assertEqual(2, len(deliveries()))
        subscriptions.delete(self.ctx, sub_id)
        self.assertEqual([], deliveries())
        self.assertRaises(exceptions.NotFound, subscriptions.delete,
                          self.ctx, sub_id)

    def test_purge(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook)
        self.lease()
        self.drain()
        later = datetime.datetime.utcnow() + datetime.timedelta(days=15)
        self.dispatcher._last_purge = None
        self.dispatcher.run_once(now=later)
        self.assertEqual([], deliveries())
        self.assertEqual([], test_outbox.outbox())

    def test_purge_keeps_what_the_bus_has_not_had(self):
        self.bus.down = True
        self.lease()
        self.drain()
        later = datetime.datetime.utcnow() + datetime.timedelta(days=15)
        self.dispatcher._last_purge = None
        self.dispatcher.run_once(now=later)
        self.assertEqual(2, len(test_outbox.outbox()))


class TestSubscribing(DeliveryTestCase):

    def test_filters_are_checked(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        exc = self.assertRaises(exceptions.ValidationError, self.subscribe,
                                hook, event_types=['lese.*'])
        self.assertIn('lese.*', str(exc))
        self.assertRaises(exceptions.ValidationError, self.subscribe,
                          hook, resource_types=['lorry'])

    def test_unsafe_urls_are_refused(self):
        self.conf.set_override('callback_allow_list', [],
                               group='notifications')
        exc = self.assertRaises(
            exceptions.ValidationError, subscriptions.create, self.ctx,
            {'url': 'http://169.254.169.254/latest'})
        self.assertIn('metadata', str(exc))

    def test_quota(self):
        self.conf.set_override('max_subscriptions_per_project', 2,
                               group='notifications')
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook)
        self.subscribe(hook)
        self.assertRaises(exceptions.ProjectQuotaExceeded, self.subscribe,
                          hook)


class TestWebhookBody(DeliveryTestCase):

    def test_large_payloads_lose_their_data(self):
        event = {'uuid': 'u', 'event_type': 'lease.start', 'id': 7,
                 'priority': 'INFO', 'project_id': 'p',
                 'resource_type': 'lease', 'resource_id': 'l',
                 'created_at': datetime.datetime(2031, 1, 1),
                 'payload': {'promise_object.name': 'LeasePayload',
                             'promise_object.data': {'x': 'y' * 5000}}}
        raw = webhook.body(event, 1024)
        self.assertLess(len(raw), 1024)
        self.assertIn(b'"payload_truncated": true', raw)
        self.assertNotIn(b'yyyy', raw)
        self.assertIn(b'yyyy', webhook.body(event, 65536))


class TestBus(DeliveryTestCase):

    def test_published_with_the_configured_driver(self):
        self.conf.set_override('driver', ['test'],
                               group='oslo_messaging_notifications')
        _impl_test.reset()
        self.addCleanup(_impl_test.reset)
        publisher = bus_publisher.BusPublisher('m1', bus_mod.Bus('m1'))
        self.lease()
        publisher.run_once()
        sent = [(m[1]['event_type'], m[1]['priority'])
                for m in _impl_test.NOTIFICATIONS]
        self.assertEqual([('lease.create.end', 'INFO'),
                          ('reservation.create.end', 'INFO')], sent)
        message = _impl_test.NOTIFICATIONS[0][1]
        self.assertEqual('promise-manager.m1', message['publisher_id'])
        self.assertEqual('LeasePayload',
                         message['payload']['promise_object.name'])
        self.assertEqual({True}, {e['bus_published']
                                  for e in test_outbox.outbox()})

    def test_an_unreachable_broker_is_a_failed_send(self):
        # The Notifier only logs its failures: Bus turns them into an
        # error, after the bounded retries.
        self.conf.set_override('driver', ['messagingv2'],
                               group='oslo_messaging_notifications')
        self.conf.set_override(
            'transport_url', 'rabbit://guest:guest@127.0.0.1:1/',
            group='oslo_messaging_notifications')
        self.conf.set_override('bus_retry', 0, group='notifications')
        bus = bus_mod.Bus('m1')
        self.assertTrue(bus.enabled)
        self.assertRaises(bus_mod.BusUnavailable, bus.publish,
                          'lease.start', 'INFO', {'x': 1})

    def test_without_a_driver_nothing_is_sent_and_all_is_done(self):
        self.conf.set_override('driver', [],
                               group='oslo_messaging_notifications')
        publisher = bus_publisher.BusPublisher('m1', bus_mod.Bus('m1'))
        self.assertFalse(publisher.bus.enabled)
        self.lease()
        publisher.run_once()
        self.assertEqual({True}, {e['bus_published']
                                  for e in test_outbox.outbox()})


class TestBusOutage(DeliveryTestCase):
    """The bus and webhooks are apart: a broker outage holds up neither
    the webhooks nor any transaction, and the bus gets each event once
    when it is back."""

    def setUp(self):
        super().setUp()
        self.since = test_outbox.last_id()

    def published(self):
        return [(e['event_type'], e['bus_published'])
                for e in test_outbox.outbox(self.since)]

    def test_webhooks_go_out_while_the_bus_is_down(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        self.subscribe(hook)
        self.bus.down = True
        self.lease()
        self.drain()
        self.assertEqual(['lease.create.end', 'reservation.create.end'],
                         hook.event_types())
        self.assertEqual([], self.bus.sent)
        self.assertEqual([('lease.create.end', False),
                          ('reservation.create.end', False)],
                         self.published())
        # The failed send gave its claim back and stopped the turn.
        self.assertEqual([None, None], [e['bus_claimed_until'] for e in
                                        test_outbox.outbox(self.since)])
        self.assertTrue(self.publisher._failed)
        self.assertEqual(self.conf.notifications.bus_retry_interval,
                         self.publisher.interval())

        self.bus.down = False
        self.assertFalse(self.publisher.run_once())
        self.assertEqual(['lease.create.end', 'reservation.create.end'],
                         self.bus.sent)
        self.assertEqual([('lease.create.end', True),
                          ('reservation.create.end', True)],
                         self.published())
        self.publisher.run_once()
        self.assertEqual(2, len(self.bus.sent))
        self.assertEqual(2, len(hook.received))

    def test_the_claim_is_committed_before_the_send(self):
        self.lease()
        self.dispatcher.run_once()
        seen = []

        def look(event_type):
            # What any other connection sees while the event is sent.
            with db_api.reader() as session:
                seen.append(session.execute(
                    sa.select(test_outbox.OUTBOX.c.published,
                              test_outbox.OUTBOX.c.bus_published,
                              test_outbox.OUTBOX.c.bus_claimed_until)
                    .where(test_outbox.OUTBOX.c.event_type == event_type)
                ).one())

        self.bus.during_send = look
        self.publisher.run_once()
        self.assertEqual(2, len(seen))
        for published, bus_published, until in seen:
            self.assertTrue(published)
            self.assertFalse(bus_published)
            self.assertIsNotNone(until)

    def test_a_dead_managers_claim_runs_out(self):
        self.lease()
        (first, _) = test_outbox.outbox(self.since)
        dead = bus_publisher.BusPublisher('m0', FakeBus())
        now = datetime.datetime.utcnow()
        until = now + datetime.timedelta(seconds=60)
        self.assertIsNotNone(dead._claim(first['id'], now, until))
        self.publisher.run_once()
        self.assertEqual(['reservation.create.end'], self.bus.sent)
        self.publisher.run_once(now=until + datetime.timedelta(seconds=1))
        self.assertEqual(['reservation.create.end', 'lease.create.end'],
                         self.bus.sent)
        # The dead claim's late outcome changes nothing.
        dead._settle(first['id'], until, bus_published=False)
        self.assertEqual([('lease.create.end', True),
                          ('reservation.create.end', True)],
                         self.published())
