"""Two managers, fifty clients racing for the last capacity, on
PostgreSQL and on MariaDB: exactly the capacity is admitted, the rest get
409, and no host is ever over its capacity; and the two managers run each
lease event and send each notification exactly once."""
import concurrent.futures
import os
import random
import threading
import uuid

import oslo_messaging as messaging
import requests
import sqlalchemy as sa
import testscenarios

from promise.conf import CONF
from promise.tests import base
from promise.tests import receiver as receiver_mod
from promise.tests.functional import invariants
from promise.tests.functional import processes
from promise.tests.functional import services
from promise.tests.functional import test_notifications

load_tests = testscenarios.load_tests_apply_scenarios

CLIENTS = 50
TOPOLOGY = os.path.join(os.path.dirname(__file__), 'data', 'four-hosts.yaml')


def _instance_lease(name, start, end, vcpus=4):
    return {'name': name, 'start_date': start, 'end_date': end,
            'reservations': [{'resource_type': 'virtual:instance',
                              'amount': 1, 'vcpus': vcpus,
                              'memory_mb': 1024, 'disk_gb': 1,
                              'affinity': None}]}


class _TwoManagers(base.TestCase):
    """promise-api and two promise-managers on RabbitMQ and a real
    database, serving the four-host data centre."""

    scenarios = [('postgresql', {'kind': 'postgresql'}),
                 ('mysql', {'kind': 'mysql'})]
    extra = {}

    def setUp(self):
        super().setUp()
        services.require_port(self, 'rabbit')
        self.db = self.useFixture(services.Database(self, self.kind))
        self.config = self.useFixture(processes.ServiceConfig(
            self.db.url, services.RABBIT_URL,
            extra=dict(self.extra, **{'simulated.topology_file': TOPOLOGY})))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        managers = [self.useFixture(processes.Process(
            self.config, 'promise-manager')) for _ in range(2)]
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: len(requests.get(self.config.url + '/v1/os-hosts',
                                     timeout=5).json()['hosts']) == 4,
            timeout=60, what='API and hosts\n%s\n%s' % (
                api.output(), managers[0].output()))


class TestRace(_TwoManagers):

    extra = {'api.workers': 2, 'api.threads': 25,
             'api.rpc_response_timeout': 60}

    def _race(self, bodies):
        barrier = threading.Barrier(len(bodies))

        def post(body):
            barrier.wait(timeout=60)
            resp = requests.post(self.config.url + '/v1/leases', json=body,
                                 timeout=120)
            return resp.status_code, resp.json()

        with concurrent.futures.ThreadPoolExecutor(len(bodies)) as pool:
            return list(pool.map(post, bodies))

    def _held_vcpus(self):
        engine = sa.create_engine(self.db.url)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(
                    "SELECT COALESCE(SUM(amount), 0) FROM allocations "
                    "WHERE resource_class = 'VCPU'")).scalar()
        finally:
            engine.dispose()

    def test_last_capacity(self):
        # 32 vCPU, fifty requests of 4 for the same window: eight fit.
        bodies = [_instance_lease('race-%d' % i, '2031-03-01 10:00',
                                  '2031-03-01 12:00')
                  for i in range(CLIENTS)]
        results = self._race(bodies)
        codes = sorted(code for code, _ in results)
        self.assertEqual([201] * 8 + [409] * (CLIENTS - 8), codes,
                         [r for r in results if r[0] not in (201, 409)])
        for code, body in results:
            if code == 409:
                self.assertEqual('CannotBeMet', body['error_name'])
                self.assertEqual(0, body['max_reservable'][0]['max'])
                self.assertEqual('2031-03-01T12:00:00.000000',
                                 body['next_window']['start_date'])
        self.assertEqual(32, self._held_vcpus())
        self.assertEqual([], invariants.overbooked_hosts(self.db.url))
        leases = requests.get(self.config.url + '/v1/leases').json()
        self.assertEqual(8, len(leases['leases']))

    def test_overlapping_windows_never_overbook(self):
        rnd = random.Random(20261121)
        bodies = []
        for i in range(CLIENTS):
            start = rnd.randrange(0, 20)
            length = rnd.randrange(1, 6)
            bodies.append(_instance_lease(
                'mix-%d' % i, '2031-04-01 %02d:00' % start,
                '2031-04-01 %02d:00' % min(23, start + length),
                vcpus=rnd.choice([2, 4, 8])))
        results = self._race(bodies)
        codes = {code for code, _ in results}
        self.assertLessEqual(codes, {201, 409}, results)
        self.assertIn(201, codes)
        self.assertEqual([], invariants.overbooked_hosts(self.db.url))
        admitted = sum(1 for code, _ in results if code == 201)
        listed = requests.get(self.config.url + '/v1/leases').json()
        self.assertEqual(admitted, len(listed['leases']))


class TestEventsOnce(_TwoManagers):
    """Two managers scan the same events and the same outbox: each event
    runs exactly once and each notification goes out exactly once, to
    webhooks and to the bus."""

    def setUp(self):
        bus_topic = 'promise-notifications-%s' % uuid.uuid4().hex[:8]
        self.extra = {
            'notifications.callback_allow_list': '127.0.0.0/8',
            'notifications.scan_interval': 0.2,
            'oslo_messaging_notifications.driver': 'messagingv2',
            'oslo_messaging_notifications.topics': bus_topic}
        self.bus = test_notifications.BusCollector()
        super().setUp()
        transport = messaging.get_notification_transport(
            CONF, url=services.RABBIT_URL)
        self.addCleanup(transport.cleanup)
        listener = messaging.get_notification_listener(
            transport, [messaging.Target(topic=bus_topic,
                                         exchange='promise')],
            [self.bus], executor='threading')
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)

    def test_each_event_runs_once(self):
        import datetime
        hook = self.useFixture(receiver_mod.Receiver())
        resp = requests.post(self.config.url + '/v1/subscriptions', json={
            'url': hook.url, 'filter': {'event_types': ['lease.*']}},
            timeout=30)
        self.assertEqual(201, resp.status_code, resp.text)
        end = (datetime.datetime.now(datetime.timezone.utc) +
               datetime.timedelta(seconds=8)).strftime('%Y-%m-%dT%H:%M:%SZ')
        ids = []
        for i in range(12):
            resp = requests.post(self.config.url + '/v1/leases', json={
                'name': 'short-%d' % i, 'start_date': 'now',
                'end_date': end,
                'reservations': [{'resource_type': 'capacity',
                                  'amounts': {'VCPU': 1}}]})
            self.assertEqual(201, resp.status_code, resp.text)
            ids.append(resp.json()['lease']['id'])

        def all_ended():
            leases = [requests.get(self.config.url + '/v1/leases/' + i)
                      .json()['lease'] for i in ids]
            return all(ls['status'] == 'TERMINATED' for ls in leases) and \
                leases
        leases = processes.wait_for(all_ended, timeout=60,
                                    what='every lease to end')
        for lease in leases:
            self.assertEqual(['DONE', 'DONE'],
                             [ev['status'] for ev in lease['events']],
                             lease)
        engine = sa.create_engine(self.db.url)
        try:
            with engine.connect() as conn:
                claimed = conn.execute(sa.text(
                    'SELECT COUNT(*), COUNT(DISTINCT id) FROM events '
                    "WHERE status = 'DONE'")).one()
        finally:
            engine.dispose()
        self.assertEqual((24, 24), tuple(claimed))
        check = invariants.Checker(self.db.url)
        self.addCleanup(check.close)
        self.assertEqual({}, check.duplicate_notifications())

        # Both managers publish the outbox and deliver webhooks: every
        # lease's start and end reach each consumer once.
        wanted = {(i, t) for i in ids
                  for t in ('lease.create.end', 'lease.start', 'lease.end')}

        def hook_seen():
            return [(e['resource_id'], e['event_type'])
                    for e in hook.events()]

        def bus_seen():
            return [(p['promise_object.data']['id'], t)
                    for _, t, p in list(self.bus.seen)
                    if t.startswith('lease.')]
        processes.wait_for(lambda: wanted <= set(hook_seen()), timeout=60,
                           what=lambda: 'webhooks: %s' % hook_seen())
        processes.wait_for(lambda: wanted <= set(bus_seen()), timeout=60,
                           what=lambda: 'bus: %s' % bus_seen())
        for seen in (hook_seen(), bus_seen()):
            self.assertEqual(sorted(wanted), sorted(seen))
        self.assertEqual(len(hook.event_ids()), len(set(hook.event_ids())))
