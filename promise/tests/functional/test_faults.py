"""Faults: a manager killed under load, the broker and the database
restarted under running services.

The servers these tests stop are private ones (private_services), never
the machine's shared RabbitMQ, PostgreSQL or MariaDB.
"""
import collections
import concurrent.futures
import datetime
import os
import signal
import threading
import time
import uuid

import oslo_messaging as messaging
import requests
import sqlalchemy as sa
import testscenarios

from promise.conf import CONF
from promise.tests import base
from promise.tests import receiver as receiver_mod
from promise.tests.functional import invariants
from promise.tests.functional import private_services
from promise.tests.functional import processes
from promise.tests.functional import services
from promise.tests.functional import test_notifications

load_tests = testscenarios.load_tests_apply_scenarios

TOPOLOGY = os.path.join(os.path.dirname(__file__), 'data', 'four-hosts.yaml')


def _iso(seconds):
    at = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=seconds)
    return at.strftime('%Y-%m-%dT%H:%M:%SZ')


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _lease(name, start, end):
    return {'name': name, 'start_date': start, 'end_date': end,
            'reservations': [{'resource_type': 'capacity',
                              'amounts': {'VCPU': 1}}]}


class _Stack(base.TestCase):
    """promise-api and promise-manager as processes on the four-host data
    centre."""

    extra = {}

    def start_stack(self, database_url, transport_url):
        self.config = self.useFixture(processes.ServiceConfig(
            database_url, transport_url, extra=dict(
                {'simulated.topology_file': TOPOLOGY,
                 'manager.event_claim_timeout': 10,
                 'api.rpc_response_timeout': 10}, **self.extra)))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        self.manager = self.start_manager()
        self.api = self.useFixture(processes.Process(self.config,
                                                     'promise-api'))
        processes.wait_for(
            lambda: len(self.get('/v1/os-hosts').json()['hosts']) == 4,
            timeout=90, what='API and hosts\n%s\n%s' % (
                self.api.output(), self.manager.output()))

    def start_manager(self):
        return self.useFixture(processes.Process(self.config,
                                                 'promise-manager'))

    def get(self, path):
        return requests.get(self.config.url + path, timeout=60)

    def post_lease(self, body):
        return requests.post(self.config.url + '/v1/leases', json=body,
                             timeout=90)

    def assertBlazar503(self, resp):
        self.assertEqual(503, resp.status_code, resp.text)
        body = resp.json()
        self.assertEqual(503, body['error_code'])
        self.assertTrue(body['error_message'])
        self.assertIn(body['error_name'],
                      ('ServiceUnavailable', 'ManagerUnavailable'))

    def assertStillRunning(self, *procs):
        for proc in procs:
            self.assertIsNone(proc.proc.poll(), '%s exited:\n%s' % (
                proc.name, proc.output()))


class TestManagerKilledUnderLoad(_Stack):
    """SIGKILL of the manager while clients create leases, some of them
    starting at once: nothing answered 201 is lost or half-written, and
    every due event runs exactly once."""

    extra = {'api.threads': 8}
    CLIENTS = 6
    LEASES = 48
    KILL_AFTER = 16

    def setUp(self):
        super().setUp()
        services.require_port(self, 'rabbit')
        self.db = self.useFixture(services.Database(self, 'postgresql'))
        self.start_stack(self.db.url, services.RABBIT_URL)

    def _load(self):
        answered = []
        lock = threading.Lock()
        killed = threading.Event()

        def one(i):
            if i % 3 == 0:  # starts now, ends while the test still runs
                body = _lease('now-%d' % i, 'now', _iso(15))
            else:
                day = 1 + i % 28
                body = _lease('later-%d' % i, '2031-05-%02d 10:00' % day,
                              '2031-05-%02d 12:00' % day)
            resp = self.post_lease(body)
            with lock:
                answered.append((resp.status_code, resp.json()))
                if len(answered) == self.KILL_AFTER:
                    killed.set()
            return resp.status_code

        with concurrent.futures.ThreadPoolExecutor(self.CLIENTS) as pool:
            futures = [pool.submit(one, i) for i in range(self.LEASES)]
            self.assertTrue(killed.wait(180), 'load never got going')
            self.assertEqual(-signal.SIGKILL,
                             self.manager.stop(signal.SIGKILL))
            self.start_manager()
            concurrent.futures.wait(futures, timeout=300)
        return answered

    def test_no_lease_lost_and_events_once(self):
        answered = self._load()
        codes = [code for code, _ in answered]
        self.assertEqual(self.LEASES, len(codes))
        # Requests the dead manager had taken may be answered 503; every
        # other one is admitted.
        self.assertLessEqual(set(codes), {201, 503}, answered)
        self.assertGreater(codes.count(201), self.KILL_AFTER)
        for code, body in answered:
            if code == 503:
                self.assertEqual(503, body['error_code'])
        created = {body['lease']['id'] for code, body in answered
                   if code == 201}

        # Every lease the database holds, answered or not, is whole.
        check = invariants.Checker(self.db.url)
        self.addCleanup(check.close)
        self.assertEqual([], check.incomplete_leases())
        self.assertEqual({}, check.orphans())
        self.assertLessEqual(created, check.lease_ids())
        self.assertEqual([], invariants.overbooked_hosts(self.db.url))

        # The events of the leases starting now all fall due within the
        # test: each runs once, by whichever manager held it (the
        # restarted one takes over those the dead one had claimed).
        due_by = _utcnow() + datetime.timedelta(seconds=20)
        processes.wait_for(
            lambda: (_utcnow() > due_by and
                     not check.events_not_done(due_by)),
            timeout=120, interval=1,
            what=lambda: 'every due event to run: %s' %
            check.events_not_done(due_by))
        starting_now = sum(1 for code, body in answered if code == 201 and
                           body['lease']['name'].startswith('now-'))
        self.assertGreaterEqual(len(check.events_done(due_by)),
                                2 * starting_now)
        self.assertEqual({}, check.duplicate_notifications())
        for lease_id in created:
            lease = self.get('/v1/leases/' + lease_id).json()['lease']
            if lease['name'].startswith('now-'):
                self.assertEqual('TERMINATED', lease['status'], lease)
            else:
                self.assertEqual('PENDING', lease['status'], lease)


class TestBrokerRestart(_Stack):
    """RabbitMQ stops: writes get a prompt 503 in Blazar's format, reads
    and lease events go on; once it is back both services work again by
    themselves, and the notifications of the outage go out."""

    def setUp(self):
        super().setUp()
        self.extra = {
            'notifications.callback_allow_list': '127.0.0.0/8',
            'notifications.scan_interval': 0.2,
            'oslo_messaging_notifications.driver': 'messagingv2',
            'oslo_messaging_notifications.topics':
                'promise-notifications-%s' % uuid.uuid4().hex[:8]}
        self.db = self.useFixture(services.Database(self, 'postgresql'))
        self.rabbit = self.useFixture(private_services.RabbitMQ(self))
        self.bus = self._listen(
            self.extra['oslo_messaging_notifications.topics'])
        self.start_stack(self.db.url, self.rabbit.url)

    def _listen(self, topic):
        collector = test_notifications.BusCollector()
        transport = messaging.get_notification_transport(
            CONF, url=self.rabbit.url)
        self.addCleanup(transport.cleanup)
        listener = messaging.get_notification_listener(
            transport, [messaging.Target(topic=topic, exchange='promise')],
            [collector], executor='threading')
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)
        return collector

    def _query(self, sql, **params):
        engine = sa.create_engine(self.db.url)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(sql), params).all()
        finally:
            engine.dispose()

    def _outbox(self):
        return self._query('SELECT event_type, resource_id, bus_published '
                           'FROM outbox_events')

    def _stuck_transactions(self):
        # Connections of the services that have kept a transaction open
        # for more than a few seconds.
        return self._query(
            "SELECT state, query FROM pg_stat_activity WHERE datname = :db "
            "AND state LIKE 'idle in transaction%' "
            "AND state_change < now() - interval '5 seconds'",
            db=sa.engine.make_url(self.db.url).database)

    def _bus_matches_outbox(self):
        outbox = self._outbox()
        return (all(published for _, _, published in outbox) and
                collections.Counter(self.bus.event_types()) ==
                collections.Counter(t for t, _, _ in outbox))

    def test_503_then_recovers(self):
        hook = self.useFixture(receiver_mod.Receiver())
        resp = requests.post(self.config.url + '/v1/subscriptions', json={
            'url': hook.url, 'filter': {'event_types': ['lease.*']}},
            timeout=90)
        self.assertEqual(201, resp.status_code, resp.text)
        resp = self.post_lease(_lease('before', '2031-06-01 10:00',
                                      '2031-06-01 12:00'))
        self.assertEqual(201, resp.status_code, resp.text)
        lease_id = resp.json()['lease']['id']
        # A lease that ends while the broker is away.
        resp = self.post_lease(_lease('brief', 'now', _iso(3)))
        self.assertEqual(201, resp.status_code, resp.text)
        brief = resp.json()['lease']['id']

        self.rabbit.stop()
        resp = self.post_lease(_lease('during', '2031-06-02 10:00',
                                      '2031-06-02 12:00'))
        self.assertBlazar503(resp)
        resp = requests.delete(self.config.url + '/v1/leases/' + lease_id,
                               timeout=90)
        self.assertBlazar503(resp)
        self.assertEqual(200, self.get('/v1/leases/' + lease_id).status_code)
        # Lease events need only the database.
        processes.wait_for(
            lambda: self.get('/v1/leases/' + brief).json()['lease'][
                'status'] == 'TERMINATED', timeout=60,
            what=lambda: 'the brief lease to end\n' + self.manager.output())
        # So do webhooks: the end of the brief lease is delivered while
        # the broker is still away, and waits in the outbox for the bus.
        processes.wait_for(
            lambda: (brief, 'lease.end') in [
                (e['resource_id'], e['event_type']) for e in hook.events()],
            timeout=60, what=lambda: 'lease.end of the brief lease during '
            'the outage: %s\n%s' % (hook.event_types(),
                                     self.manager.output()))
        self.assertIn(('lease.end', brief, False), self._outbox())
        self.assertNotIn('lease.end', self.bus.event_types())
        self.assertEqual([], self._stuck_transactions())

        self.rabbit.start()
        processes.wait_for(
            lambda: self.post_lease(_lease(
                'after', 'now', _iso(30))).status_code == 201,
            timeout=120, interval=2, what=lambda: 'writes after the broker '
            'came back\n%s\n%s' % (self.api.output(),
                                    self.manager.output()))
        self.assertStillRunning(self.api, self.manager)
        self.assertEqual(204, requests.delete(
            self.config.url + '/v1/leases/' + lease_id,
            timeout=90).status_code)
        leases = {ls['name']: ls for ls in
                  self.get('/v1/leases').json()['leases']}
        self.assertEqual({'brief', 'after'}, set(leases))
        processes.wait_for(
            lambda: self.get('/v1/leases/' + leases['after']['id']).json()[
                'lease']['status'] == 'ACTIVE', timeout=60,
            what='the new lease to start')
        # What happened during the outage reached the bus once it was
        # back: every event of the outbox, once.
        processes.wait_for(
            self._bus_matches_outbox, timeout=90,
            what=lambda: 'the bus to carry the outbox: %s against %s\n%s' % (
                sorted(self.bus.event_types()), sorted(self._outbox()),
                self.manager.output()))
        self.assertIn('lease.end', self.bus.event_types())
        time.sleep(3)  # a late duplicate would show by now
        self.assertTrue(self._bus_matches_outbox(), self.bus.event_types())
        self.assertEqual(len(hook.events()), len(hook.event_ids()))


class TestDatabaseRestart(_Stack):
    """The database stops: the API answers 503 in Blazar's format, reads
    and writes alike; once it is back both services work again by
    themselves."""

    scenarios = [('postgresql', {'kind': 'postgresql'}),
                 ('mysql', {'kind': 'mysql'})]

    def setUp(self):
        super().setUp()
        services.require_port(self, 'rabbit')
        self.database = self.useFixture(
            private_services.DATABASES[self.kind](self))
        self.start_stack(self.database.url, services.RABBIT_URL)

    def test_503_then_recovers(self):
        resp = self.post_lease(_lease('before', '2031-06-01 10:00',
                                      '2031-06-01 12:00'))
        self.assertEqual(201, resp.status_code, resp.text)
        lease_id = resp.json()['lease']['id']

        self.database.stop()
        self.assertBlazar503(self.get('/v1/leases'))
        self.assertBlazar503(self.get('/v1/leases/' + lease_id))
        self.assertBlazar503(self.post_lease(_lease(
            'during', '2031-06-02 10:00', '2031-06-02 12:00')))

        self.database.start()
        processes.wait_for(
            lambda: self.get('/v1/leases').status_code == 200,
            timeout=60, interval=1, what='reads after the database came '
            'back\n%s' % self.api.output())
        processes.wait_for(
            lambda: self.post_lease(_lease(
                'after', 'now', _iso(30))).status_code == 201,
            timeout=60, interval=1, what='writes after the database came '
            'back\n%s\n%s' % (self.api.output(), self.manager.output()))
        self.assertStillRunning(self.api, self.manager)
        names = {ls['name']: ls for ls in self.get('/v1/leases').json()[
            'leases']}
        self.assertEqual({'before', 'after'}, set(names))
        processes.wait_for(
            lambda: self.get('/v1/leases/' + names['after']['id']).json()[
                'lease']['status'] == 'ACTIVE',
            timeout=60, what='the event loop to start the new lease\n' +
            self.manager.output())
