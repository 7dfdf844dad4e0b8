"""Notifications end to end: promise-api and promise-manager as processes
on RabbitMQ and PostgreSQL, a webhook receiver on 127.0.0.1 checking
signatures, and an oslo.messaging listener on the notification topic."""
import collections
import datetime
import os
import signal
import threading
import uuid

import oslo_messaging as messaging
import requests
import sqlalchemy as sa

from promise.conf import CONF
from promise.notifications import signing
from promise.tests import base
from promise.tests import receiver as receiver_mod
from promise.tests.functional import processes
from promise.tests.functional import services

TOPOLOGY = os.path.join(os.path.dirname(__file__), 'data', 'four-hosts.yaml')
SECRET = 'functional-test-secret'


def _iso(seconds):
    at = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=seconds)
    return at.strftime('%Y-%m-%dT%H:%M:%SZ')


class BusCollector:
    """Notification endpoint: what the bus carried, in arrival order."""

    def __init__(self):
        self.seen = []
        self.lock = threading.Lock()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        with self.lock:
            self.seen.append((publisher_id, event_type, payload))

    warn = info

    def event_types(self):
        with self.lock:
            return [e for _, e, _ in self.seen]


class TestNotifications(base.TestCase):

    def setUp(self):
        super().setUp()
        services.require_port(self, 'rabbit')
        self.db = self.useFixture(services.Database(self, 'postgresql'))
        self.bus_topic = 'promise-notifications-%s' % uuid.uuid4().hex[:8]
        self.config = self.useFixture(processes.ServiceConfig(
            self.db.url, services.RABBIT_URL,
            extra={'simulated.topology_file': TOPOLOGY,
                   'notifications.callback_allow_list': '127.0.0.0/8',
                   'notifications.scan_interval': 0.2,
                   'notifications.request_timeout': 1,
                   'notifications.claim_timeout': 1,
                   'notifications.backoff_base': 0.2,
                   'oslo_messaging_notifications.driver': 'messagingv2',
                   'oslo_messaging_notifications.topics': self.bus_topic}))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        self.bus = self._listen()
        self.manager = self._start_manager()
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: len(requests.get(self.config.url + '/v1/os-hosts',
                                     timeout=5).json()['hosts']) == 4,
            timeout=60, what='API and hosts\n%s\n%s' % (
                api.output(), self.manager.output()))

    def _start_manager(self):
        return self.useFixture(processes.Process(self.config,
                                                 'promise-manager'))

    def _listen(self):
        collector = BusCollector()
        transport = messaging.get_notification_transport(
            CONF, url=services.RABBIT_URL)
        self.addCleanup(transport.cleanup)
        listener = messaging.get_notification_listener(
            transport, [messaging.Target(topic=self.bus_topic,
                                         exchange='promise')],
            [collector], executor='threading')
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)
        return collector

    def _subscribe(self, hook, event_types):
        resp = requests.post(self.config.url + '/v1/subscriptions', json={
            'url': hook.url, 'secret': SECRET,
            'filter': {'event_types': event_types}}, timeout=10)
        self.assertEqual(201, resp.status_code, resp.text)
        return resp.json()['subscription']['id']

    def _lease(self, name, end_in, **extra):
        body = {'name': name, 'start_date': 'now', 'end_date': _iso(end_in),
                'reservations': [{'resource_type': 'capacity',
                                  'amounts': {'VCPU': 1}}]}
        body.update(extra)
        return requests.post(self.config.url + '/v1/leases', json=body,
                             timeout=15)

    def _outbox_ids(self, prefixes):
        engine = sa.create_engine(self.db.url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(
                    'SELECT uuid, event_type FROM outbox_events')).all()
        finally:
            engine.dispose()
        return {u for u, t in rows if t.split('.')[0] in prefixes}

    def test_seed_flow_webhooks_and_bus(self):
        hook = self.useFixture(receiver_mod.Receiver(SECRET))
        sub_id = self._subscribe(hook, ['lease.*',
                                        'capacity.adjustment.*'])
        resp = self._lease('seed', 4, before_end_date=_iso(2))
        self.assertEqual(201, resp.status_code, resp.text)
        lease_id = resp.json()['lease']['id']
        processes.wait_for(lambda: 'lease.end' in hook.event_types(),
                           timeout=30, what='lease.end\n%s' %
                           self.manager.output())
        resp = requests.post(
            self.config.url + '/v1/capacity/adjustments',
            json={'host': 'host-4', 'amounts': {'VCPU': 4},
                  'start_date': 'now', 'end_date': _iso(3600),
                  'reason': 'planned upgrade'}, timeout=15)
        self.assertEqual(201, resp.status_code, resp.text)
        processes.wait_for(
            lambda: 'capacity.adjustment.create' in hook.event_types(),
            timeout=15, what='the adjustment event')

        self.assertEqual(['lease.create.end', 'lease.start',
                          'lease.before_end', 'lease.end',
                          'capacity.adjustment.create'], hook.event_types())
        events = hook.events()
        self.assertEqual([lease_id] * 4,
                         [e['resource_id'] for e in events[:4]])
        self.assertEqual(
            ['PENDING', 'ACTIVE', 'ACTIVE', 'TERMINATED'],
            [e['payload']['promise_object.data']['status']
             for e in events[:4]])
        self.assertEqual(sorted(e['sequence'] for e in events),
                         [e['sequence'] for e in events])
        # Signed with the subscription's secret; anything else shows.
        for got in hook.received:
            self.assertTrue(got.signature_ok, got.headers)
            self.assertEqual(got.json['event_id'],
                             got.headers['X-Promise-Event-Id'])
            header = got.headers[signing.HEADER]
            self.assertFalse(signing.verify('not-the-secret-at-all',
                                            got.body, header))
            self.assertFalse(signing.verify(
                SECRET, got.body.replace(b'"INFO"', b'"WARN"'), header))

        log = requests.get('%s/v1/subscriptions/%s/deliveries' % (
            self.config.url, sub_id), timeout=10).json()['deliveries']
        self.assertEqual(['delivered'] * 5, [d['status'] for d in log])
        self.assertEqual([e['event_id'] for e in events],
                         [d['event_id'] for d in log])

        # The bus carried every event, reservations' too, as versioned
        # notifications.
        wanted = ['lease.create.end', 'reservation.create.end',
                  'lease.start', 'reservation.start', 'lease.before_end',
                  'reservation.before_end', 'lease.end', 'reservation.end',
                  'capacity.adjustment.create']
        processes.wait_for(
            lambda: [t for t in self.bus.event_types() if t in wanted] ==
            wanted, timeout=15,
            what='the bus notifications (got %s)' % self.bus.event_types())
        publisher, _, payload = next(
            e for e in self.bus.seen if e[1] == 'lease.start')
        self.assertTrue(publisher.startswith('promise-manager.'), publisher)
        self.assertEqual('LeasePayload', payload['promise_object.name'])
        self.assertEqual('1.0', payload['promise_object.version'])
        self.assertEqual(lease_id, payload['promise_object.data']['id'])

    def test_manager_killed_mid_delivery_loses_nothing(self):
        # A slow receiver, so that deliveries are under way when the
        # manager dies.
        hook = self.useFixture(receiver_mod.Receiver(SECRET, delay=0.25))
        sub_id = self._subscribe(hook, ['lease.*', 'reservation.*'])
        killed = threading.Event()
        codes = collections.Counter()

        def burst():
            for i in range(20):
                if killed.is_set():
                    return
                try:
                    codes[self._lease('burst-%d' % i, 3600).status_code] += 1
                except requests.RequestException:
                    codes['error'] += 1

        creator = threading.Thread(target=burst)
        creator.start()
        self.addCleanup(creator.join, 30)
        processes.wait_for(
            lambda: len(hook.received) >= 5 and hook.in_flight,
            timeout=30, interval=0.02, what='deliveries under way')
        self.manager.stop(sig=signal.SIGKILL)
        killed.set()
        before_kill = set(hook.event_ids())
        creator.join(30)
        self.assertGreater(codes[201], 0, codes)
        # Killed with deliveries still to make.
        committed = self._outbox_ids({'lease', 'reservation'})
        self.assertLess(len(before_kill), len(committed))

        self.manager = self._start_manager()
        resp = self._lease('after-restart', 3600)
        self.assertEqual(201, resp.status_code, resp.text)

        def all_received():
            # Read again each time: a lease asked for just before the kill
            # may still be made by the new manager from the broker's queue.
            missing = self._outbox_ids({'lease', 'reservation'}) - \
                hook.event_ids()
            return not missing
        processes.wait_for(all_received, timeout=60,
                           what='every event at the receiver\n%s' %
                           self.manager.output())
        expected = self._outbox_ids({'lease', 'reservation'})
        self.assertTrue(all(r.signature_ok for r in hook.received))
        # The delivery cut short by the kill was made again.
        counts = collections.Counter(e['event_id'] for e in hook.events())
        self.assertTrue(any(n > 1 for n in counts.values()), counts)

        def log():
            return requests.get('%s/v1/subscriptions/%s/deliveries' % (
                self.config.url, sub_id), timeout=10).json()['deliveries']
        self.assertLessEqual(expected, {d['event_id'] for d in log()})
        processes.wait_for(
            lambda: {d['status'] for d in log()} == {'delivered'},
            timeout=10, what='every delivery recorded as delivered')
