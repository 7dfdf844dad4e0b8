"""promise-api and promise-manager as separate processes, over the real
RabbitMQ, on PostgreSQL and on MariaDB."""
import requests
import testscenarios

from promise import context
from promise.conf import CONF
from promise.manager import rpcapi
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
        self.assertIn('Database at 0001', result.stdout)
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

    def _use_broker_here(self):
        CONF.set_override('transport_url', services.RABBIT_URL)
        CONF.set_override('topic', self.config.topic, group='manager')
        CONF.set_override('rpc_response_timeout', 10, group='api')
        return rpcapi.ManagerAPI()

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
        hosts = processes.wait_for(
            lambda: [h for h in requests.get(
                self.config.url + '/v1/os-hosts').json()['hosts']],
            what='hosts synced by the manager\n' + manager.output())
        processes.wait_for(
            lambda: len(requests.get(
                self.config.url + '/v1/os-hosts').json()['hosts']) == 210,
            what='all 210 hosts')
        self.assertIn('hypervisor_hostname', hosts[0])

        # The manager answers RPC calls over RabbitMQ, context and all.
        ctx = context.RequestContext(user_id='u1', project_id='p1',
                                     roles=['reader'])
        pong = self._use_broker_here().ping(ctx)
        self.assertEqual(rpcapi.RPC_API_VERSION, pong['rpc_api_version'])

        # SIGTERM stops both cleanly.
        self.assertEqual(0, manager.stop())

    def test_manager_unreachable_is_503(self):
        # No manager listens on the topic: the RPC call times out and the
        # caller gets a ServiceUnavailable, not a hang or a 500.
        CONF.set_override('transport_url', services.RABBIT_URL)
        CONF.set_override('topic', self.config.topic, group='manager')
        api = rpcapi.ManagerAPI(timeout=2)
        ctx = context.RequestContext(user_id='u1', project_id='p1')
        from promise import exceptions
        exc = self.assertRaises(exceptions.ServiceUnavailable, api.ping, ctx)
        self.assertEqual(503, exc.code)
