"""The draft's worked example of policy-based placement, end to end over
REST on the simulated data centre: Policy 1 fires when a large.3 leaves
server-a, an audit plans the one-migration repair that keeps Policy 2,
and the executed plan moves the VM."""
import json
import time

import testtools
import webob

from promise.tests.functional.api import fixtures as api_fixtures

ENERGY = [
    'underused(server) :- nova:node(server, "type1"), '
    'server_utilization(server, util), gt(util, 0), lt(util, 50)',
    'error(server) :- underused(server), underused(other), '
    'neq(server, other)',
]
HA = [
    'error(vm1) :- anti_affinity_group(vm1, grp1), '
    'anti_affinity_group(vm2, grp2), equal(grp1, grp2), neq(vm1, vm2), '
    'vm_host_mapping(vm1, server1), vm_host_mapping(vm2, server2), '
    'equal(server1, server2)',
]


class DraftExampleTest(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.dc = api_fixtures.PlacementExampleFixture()
        self.dc.start_fixture()
        self.addCleanup(self.dc.stop_fixture)
        self.app = api_fixtures.setup_app()
        self.driver = self.dc.manager.driver
        for name, rules, hard in (('energy', ENERGY, False),
                                  ('ha', HA, True)):
            status, _ = self.call('POST', '/v1/policies', {
                'name': name, 'hard': hard,
                'rules': [{'rule': r} for r in rules]})
            self.assertEqual(201, status)

    def call(self, method, path, body=None):
        req = webob.Request.blank(path, method=method)
        if body is not None:
            req.content_type = 'application/json'
            req.body = json.dumps(body).encode()
        resp = req.get_response(self.app)
        return resp.status_int, (resp.json if resp.body else None)

    def server(self, name):
        return next(s for s in self.driver.list_servers() if s.name == name)

    def delete_large3(self):
        doomed = self.server('large.3.A').id
        self.driver.delete_server(doomed)
        deadline = time.monotonic() + 30
        while any(s.id == doomed for s in self.driver.list_servers()):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def violations(self):
        status, body = self.call('GET', '/v1/violations')
        self.assertEqual(200, status)
        return sorted((v['policy'], v['row'][0]) for v in body['violations'])

    def wait_plan(self, plan_id, states=('SUCCEEDED', 'FAILED')):
        deadline = time.monotonic() + 60
        while True:
            status, body = self.call('GET', '/v1/action-plans/' + plan_id)
            self.assertEqual(200, status)
            if body['action_plan']['state'] in states:
                return body['action_plan']
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def test_deletion_fires_policy_1_and_the_plan_repairs_it(self):
        self.assertEqual([], self.violations())
        self.delete_large3()
        self.assertEqual([('energy', 'server-a'), ('energy', 'server-b')],
                         self.violations())

        # The draft's new placement 1: two large.2 of server-b (never X2)
        # to server-a repairs Policy 1 without breaking Policy 2.
        status, body = self.call('POST', '/v1/policies/simulate', {
            'moves': [{'vm': 'large.2.Y', 'to': 'server-a'},
                      {'vm': 'large.2.Z', 'to': 'server-a'}]})
        self.assertEqual(200, status)
        sim = body['simulation']
        self.assertEqual({}, sim['added'])
        self.assertEqual(2, len(sim['removed']['energy']))
        # Moving all three large.2 to server-a breaks Policy 2.
        status, body = self.call('POST', '/v1/policies/simulate', {
            'moves': [{'vm': 'large.2.X2', 'to': 'server-a'},
                      {'vm': 'large.2.Y', 'to': 'server-a'},
                      {'vm': 'large.2.Z', 'to': 'server-a'}]})
        self.assertEqual(
            [['large.2.X1'], ['large.2.X2']],
            sorted(body['simulation']['added']['ha']))

        status, body = self.call('POST', '/v1/audits', {})
        self.assertEqual(201, status)
        plan = body['audit']['action_plan']
        self.assertEqual('RECOMMENDED', plan['state'])
        # The draft's new placement 2: one migration, the large.3 left on
        # server-a joins server-b.
        self.assertEqual(
            [('large.3.B', 'server-a', 'server-b')],
            [(m['vm'], m['from'], m['to']) for m in plan['moves']])
        self.assertEqual(0, plan['efficacy']['anti_affinity_breaks'])
        self.assertEqual({'server-a': 12.5, 'server-b': 62.5},
                         plan['efficacy']['utilization_after'])

        # Executing before approval is refused.
        status, body = self.call(
            'POST', '/v1/action-plans/%s/execute' % plan['id'])
        self.assertEqual(409, status)
        self.assertEqual(409, body['error_code'])
        status, _ = self.call('POST',
                              '/v1/action-plans/%s/approve' % plan['id'])
        self.assertEqual(200, status)
        status, body = self.call(
            'POST', '/v1/action-plans/%s/execute' % plan['id'])
        self.assertEqual(202, status)
        done = self.wait_plan(plan['id'])
        self.assertEqual('SUCCEEDED', done['state'], done['state_reason'])
        self.assertEqual(['SUCCEEDED'], [m['state'] for m in done['moves']])
        self.assertEqual('server-b', self.server('large.3.B').host)
        self.assertEqual([], self.violations())

    def test_a_failed_move_stops_the_plan(self):
        self.delete_large3()
        status, body = self.call('POST', '/v1/audits', {})
        plan = body['audit']['action_plan']
        self.call('POST', '/v1/action-plans/%s/approve' % plan['id'])
        self.driver.set_host_state('server-b', 'down', 'power failure')
        status, _ = self.call('POST',
                              '/v1/action-plans/%s/execute' % plan['id'])
        self.assertEqual(202, status)
        done = self.wait_plan(plan['id'])
        self.assertEqual('FAILED', done['state'])
        self.assertEqual('FAILED', done['moves'][0]['state'])
        self.assertIn('server-b', done['state_reason'])
        self.assertEqual('server-a', self.server('large.3.B').host)
        # A failed plan cannot be run again.
        status, _ = self.call('POST',
                              '/v1/action-plans/%s/execute' % plan['id'])
        self.assertEqual(409, status)
