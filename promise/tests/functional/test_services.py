"""promise-api and promise-manager as separate processes, over the real
RabbitMQ, on PostgreSQL and on MariaDB."""
import requests
import testscenarios

from promise.db import migration
from promise.tests import base
from promise.tests.functional import processes
from promise.tests.functional import services

load_tests = testscenarios.load_tests_apply_scenarios


class TestServices(base.TestCase):

    scenarios = [('postgresql', {'kind': 'postgresql'}),
                 ('mysql', {'kind': 'mysql'})]

    def setUp(self):
        super().setUp()
        services.require_port(self, 'rabbit')
        db = self.useFixture(services.Database(self, self.kind))
        self.config = self.useFixture(processes.ServiceConfig(
            db.url, services.RABBIT_URL))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertIn('Database at %s' % migration.head(), result.stdout)
        status = processes.run(self.config, 'promise-status', 'upgrade',
                               'check')
        self.assertEqual(0, status.returncode, status.stdout + status.stderr)
        self.assertIn('Database schema', status.stdout)

    def _start_api(self):
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: requests.get(self.config.url + '/', timeout=2),
            what='promise-api to answer\n' + api.output())
        return api

    def _start_manager(self):
        return self.useFixture(processes.Process(self.config,
                                                 'promise-manager'))

    def test_api_and_manager(self):
        manager = self._start_manager()
        self._start_api()

        resp = requests.get(self.config.url + '/')
        self.assertEqual(300, resp.status_code)
        self.assertEqual('v1.0', resp.json()['versions'][0]['id'])

        resp = requests.get(self.config.url + '/v1/leases')
        self.assertEqual(200, resp.status_code)
        self.assertEqual({'leases': []}, resp.json())

        # The manager brought the simulated data centre into the database
        # the API reads.
        processes.wait_for(
            lambda: len(requests.get(
                self.config.url + '/v1/os-hosts').json()['hosts']) == 210,
            what='all 210 hosts\n' + manager.output())

        # A write travels API -> RabbitMQ -> manager -> database, with the
        # caller's identity in the request context.
        resp = requests.post(
            self.config.url + '/v1/leases',
            headers={'X-Project-Id': 'p1', 'X-User-Id': 'u1',
                     'X-Roles': 'member,reader'},
            json={'name': 'over-rabbit', 'start_date': '2031-01-01 10:00',
                  'end_date': '2031-01-01 12:00',
                  'reservations': [{'resource_type': 'capacity',
                                    'cores': 4}]})
        self.assertEqual(201, resp.status_code, resp.text)
        lease = resp.json()['lease']
        self.assertEqual(('p1', 'u1'), (lease['project_id'],
                                        lease['user_id']))
        # Manager errors cross the broker as the same 4xx.
        resp = requests.post(
            self.config.url + '/v1/leases',
            json={'name': 'too-much', 'start_date': '2031-01-01 10:00',
                  'end_date': '2031-01-01 12:00',
                  'reservations': [{'resource_type': 'capacity',
                                    'cores': 100000}]})
        self.assertEqual(409, resp.status_code, resp.text)
        self.assertEqual('CannotBeMet', resp.json()['error_name'])
        self.assertIn('max_reservable', resp.json())

        # SIGTERM stops the manager cleanly; with no manager, writes get a
        # clear 503 and reads still work.
        self.assertEqual(0, manager.stop())
        resp = requests.delete(self.config.url + '/v1/leases/' +
                               lease['id'])
        self.assertEqual(503, resp.status_code, resp.text)
        self.assertEqual(503, resp.json()['error_code'])
        self.assertIn('did not answer', resp.json()['error_message'])
        self.assertEqual(200, requests.get(
            self.config.url + '/v1/leases/' + lease['id']).status_code)

        # A manager started again serves the same request.
        self._start_manager()
        processes.wait_for(
            lambda: requests.delete(self.config.url + '/v1/leases/' +
                                    lease['id']).status_code == 204,
            timeout=60, what='the restarted manager')


class TestBrokerDown(base.TestCase):
    """With the broker unreachable, writes get a clear 503 and reads work."""

    def test_unreachable_broker_is_503(self):
        tmp = self.useFixture(base.fixtures.TempDir()).path
        port = processes.free_port()  # nothing listens there
        self.config = self.useFixture(processes.ServiceConfig(
            'sqlite:///%s/promise.sqlite' % tmp,
            'rabbit://guest:guest@127.0.0.1:%d/' % port))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: requests.get(self.config.url + '/', timeout=2),
            what='promise-api\n' + api.output())
        resp = requests.post(
            self.config.url + '/v1/leases', timeout=60,
            json={'name': 'x', 'start_date': '2031-01-01 10:00',
                  'end_date': '2031-01-01 12:00'})
        self.assertEqual(503, resp.status_code, resp.text)
        self.assertEqual('ManagerUnavailable', resp.json()['error_name'])
        self.assertEqual(200, requests.get(
            self.config.url + '/v1/leases').status_code)
