"""Every operation of the API, driven on the real application, answers as
its OpenAPI document says: a documented status code, a body of the
documented schema; and the valid requests of the scenario conform to the
document too."""
import os
import re
import time

from openapi_core import OpenAPI
from openapi_core.contrib import werkzeug as oc_werkzeug
import testtools

from promise.api import openapi_spec
from promise.tests.functional.api import fixtures as api_fixtures
from promise.tests.functional.api import live

FUTURE = ('2031-01-05 08:00', '2031-01-06 08:00')
OTHER_DC = os.path.join(os.path.dirname(__file__), 'other-dc.yaml')
MEMBER = {'X-Project-Id': 'other', 'X-Roles': 'member,reader'}

# Tags whose operations need servers on the simulated VIM: their scenario
# runs on the draft's placement example (PlacementExampleFixture).
PLACEMENT_TAGS = {'providers', 'instances', 'placement-policies',
                  'action-plans'}
ENERGY = [
    'underused(server) :- nova:node(server, "type1"), '
    'server_utilization(server, util), gt(util, 0), lt(util, 50)',
    'error(server) :- underused(server), underused(other), '
    'neq(server, other)',
]
HA = [
    'error(vm1) :- anti_affinity_group(vm1, grp), '
    'anti_affinity_group(vm2, grp), neq(vm1, vm2), '
    'vm_host_mapping(vm1, server), vm_host_mapping(vm2, server)',
]


class TestConformance(testtools.TestCase):
    fixture_cls = api_fixtures.SubscriptionsFixture

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(live.LiveAPI(self.fixture_cls))
        self.doc = openapi_spec.document()
        self.openapi = OpenAPI.from_dict(self.doc)
        self.covered = set()
        self.templates = [
            (method, re.compile('^%s$' % re.sub(r'\\\{[^}]+\\\}',
                                                 '[^/]+',
                                                 re.escape(path))), path)
            for method, path, _ in openapi_spec.operations(self.doc)]
        # Literal segments win over parameters, as in pecan's routing.
        self.templates.sort(key=lambda t: t[2].count('{'))

    def _operation(self, method, path):
        path = path.split('?')[0]
        for m, pattern, template in self.templates:
            if m == method and pattern.match(path):
                return template
        return None

    def call(self, method, path, status, body=None, headers=None,
             raw=None, valid_request=None):
        request, response = self.api.call(method, path, body, headers, raw)
        where = '%s %s -> %s: %s' % (method, path, response.status_code,
                                     response.get_data(as_text=True)[:500])
        self.assertEqual(status, response.status_code, where)
        if status in (204, 304):
            # HTTP allows no body: a client on a kept-alive connection
            # would take it for the next answer.
            self.assertEqual(b'', response.get_data(), where)
        template = self._operation(method, path)
        self.assertIsNotNone(template, where)
        self.covered.add((method, template, status))
        oc_request = oc_werkzeug.WerkzeugOpenAPIRequest(request)
        if valid_request if valid_request is not None else status < 400:
            self.openapi.validate_request(oc_request)
        self.openapi.validate_response(
            oc_request, oc_werkzeug.WerkzeugOpenAPIResponse(response))
        return live.json_of(response), response

    def test_every_operation_answers_as_documented(self):
        self._versions()
        hosts = self._hosts()
        self._pools(hosts)
        self._leases(hosts)
        self._capacity(hosts)
        self._adjustments()
        self._calendar()
        self._subscriptions()
        self._generic_errors()
        self.assert_all_succeeded(lambda tags: not set(tags) &
                                  PLACEMENT_TAGS)

    def assert_all_succeeded(self, wanted):
        """Every documented operation whose tags are ``wanted`` succeeded
        at least once."""
        documented = {(m, p) for m, p, op in
                      openapi_spec.operations(self.doc)
                      if wanted(op['tags'])}
        succeeded = {(m, p) for m, p, s in self.covered if s < 400}
        self.assertEqual(set(), documented - succeeded,
                         'operations the scenario never ran successfully')

    def _versions(self):
        self.call('GET', '/', 300)
        self.call('GET', '/versions', 300)
        self.call('GET', '/v1/', 200)
        body, _ = self.call('GET', '/v1/openapi.json', 200)
        self.assertEqual(self.doc['paths'].keys(), body['paths'].keys())

    def _hosts(self):
        body, _ = self.call('GET', '/v1/os-hosts', 200)
        hosts = {h['hypervisor_hostname']: h['id'] for h in body['hosts']}
        self.assertEqual({'server-a', 'server-b', 'server-c'}, set(hosts))
        self.call('GET', '/v1/os-hosts/%s' % hosts['server-a'], 200)
        self.call('GET', '/v1/os-hosts/no-such-host', 404)
        self.call('PUT', '/v1/os-hosts/%s' % hosts['server-a'], 200,
                  {'room': 'east', 'gpu': False})
        self.call('PUT', '/v1/os-hosts/%s' % hosts['server-a'], 400,
                  {'vcpus': 3})
        self.call('PUT', '/v1/os-hosts/%s' % hosts['server-a'], 400, {})
        self.call('GET', '/v1/os-hosts/properties?detail=true', 200)
        self.call('GET', '/v1/os-hosts/properties', 200)
        self.call('GET', '/v1/os-hosts/properties?detail=maybe', 400,
                  valid_request=False)
        self.call('DELETE', '/v1/os-hosts/%s' % hosts['server-c'], 204)
        body, _ = self.call('POST', '/v1/os-hosts', 201,
                            {'name': 'server-c', 'rack': 'r2'})
        hosts['server-c'] = body['host']['id']
        self.call('POST', '/v1/os-hosts', 400, {'rack': 'r2'})
        self.call('GET', '/v1/os-hosts/allocations', 200)
        return hosts

    def _pools(self, hosts):
        body, _ = self.call('POST', '/v1/pools', 201,
                            {'name': 'east', 'kind': 'custom',
                             'hosts': [hosts['server-a']]})
        pool = body['pool']['id']
        self.call('POST', '/v1/pools', 400, {'name': 'x', 'kind': 'provider'})
        self.call('GET', '/v1/pools', 200)
        self.call('GET', '/v1/pools?kind=custom', 200)
        self.call('GET', '/v1/pools/%s' % pool, 200)
        self.call('PUT', '/v1/pools/%s' % pool, 200,
                  {'description': 'east side', 'hosts': [hosts['server-a'],
                                                         hosts['server-b']]})
        self.call('PUT', '/v1/pools/%s' % pool, 400, {'kind': 'zone'})
        self.call('DELETE', '/v1/pools/%s' % pool, 204)
        self.call('GET', '/v1/pools/%s' % pool, 404)

    def _leases(self, hosts):
        lease = {'name': 'one', 'start_date': FUTURE[0],
                 'end_date': FUTURE[1],
                 'reservations': [{'resource_type': 'physical:host',
                                   'min': 1, 'max': 1}]}
        body, _ = self.call('POST', '/v1/leases', 201, lease)
        lease_id = body['lease']['id']
        self.call('POST', '/v1/leases', 409, dict(
            lease, name='too-big', reservations=[
                {'resource_type': 'physical:host', 'min': 3, 'max': 3}]))
        self.call('POST', '/v1/leases', 400, {'name': 'no dates'})
        self.call('POST', '/v1/leases', 415, raw='name=x',
                  headers={'Content-Type': 'text/plain'},
                  valid_request=False)
        self.call('GET', '/v1/leases', 200)
        self.call('GET', '/v1/leases?start_date=2031-01-01T00:00&'
                  'end_date=2031-02-01T00:00&utilization=true', 200)
        self.call('GET', '/v1/leases?sort_key=nope', 400,
                  valid_request=False)
        self.call('GET', '/v1/leases/%s' % lease_id, 200)
        self.call('PUT', '/v1/leases/%s' % lease_id, 200,
                  {'name': 'renamed', 'prolong_for': '1h'})
        self.call('PUT', '/v1/leases/%s' % lease_id, 400, {})
        self.call('GET', '/v1/os-hosts/%s/allocation' % hosts['server-a'],
                  200)
        self.call('GET', '/v1/os-hosts/%s/allocation?lease_id=%s'
                  % (hosts['server-b'], lease_id), 200)
        self.call('DELETE', '/v1/leases/%s' % lease_id, 204)
        self.call('GET', '/v1/leases/%s' % lease_id, 404)

    def _capacity(self, hosts):
        self.call('GET', '/v1/capacity', 200)
        self.call('GET', '/v1/capacity?start_date=2031-01-05T00:00&'
                  'end_date=2031-01-12T00:00&resource_class=VCPU,MEMORY_MB'
                  '&timeline=true', 200)
        self.call('GET', '/v1/capacity?host=%s' % hosts['server-a'], 200)
        self.call('GET', '/v1/capacity?host=a&pool=b', 400)
        self.call('POST', '/v1/availability', 200,
                  {'duration': '2d', 'limit': 2,
                   'reservations': [{'resource_type': 'physical:host',
                                     'min': 1, 'max': 1}]})
        self.call('POST', '/v1/availability', 400, {'duration': '2d'},
                  valid_request=False)

    def _adjustments(self):
        body, _ = self.call('POST', '/v1/capacity/adjustments', 201,
                            {'host': 'server-b', 'downtime': True,
                             'start_date': '2031-03-01 00:00',
                             'end_date': '2031-03-02 00:00',
                             'reason': 'firmware'})
        adj = body['adjustment']['id']
        self.call('POST', '/v1/capacity/adjustments', 400,
                  {'start_date': '2031-03-01 00:00'}, valid_request=False)
        self.call('GET', '/v1/capacity/adjustments', 200)
        self.call('GET', '/v1/capacity/adjustments/%s' % adj, 200)
        self.call('DELETE', '/v1/capacity/adjustments/%s' % adj, 204)
        self.call('GET', '/v1/capacity/adjustments/%s' % adj, 404)

    def _calendar(self):
        _, response = self.call('GET', '/v1/calendar', 200)
        self.call('GET', '/v1/calendar', 304,
                  headers={'If-None-Match': response.headers['ETag']})

    def _subscriptions(self):
        body, _ = self.call('POST', '/v1/subscriptions', 201,
                            {'url': 'http://127.0.0.1:9/hook',
                             'secret': 'a-secret-of-16-chars',
                             'filter': {'event_types': ['lease.*']}})
        sub = body['subscription']['id']
        self.call('POST', '/v1/subscriptions', 400, {'secret': 'short'},
                  valid_request=False)
        self.call('GET', '/v1/subscriptions', 200)
        self.call('GET', '/v1/subscriptions/%s' % sub, 200)
        self.call('GET', '/v1/subscriptions/%s/deliveries' % sub, 200)
        self.call('GET', '/v1/subscriptions/%s/deliveries?status=dead' % sub,
                  200)
        self.call('GET', '/v1/subscriptions/nope/deliveries', 404)
        self.call('DELETE', '/v1/subscriptions/%s' % sub, 204)
        self.call('GET', '/v1/subscriptions/%s' % sub, 404)

    def _generic_errors(self):
        self.call('GET', '/v1/leases', 406,
                  headers={'OpenStack-API-Version': 'reservation 9.9'})
        self.call('GET', '/v1/leases', 400,
                  headers={'OpenStack-API-Version': 'reservation one'})
        self.call('POST', '/v1/leases', 400, raw='{not json',
                  headers={'Content-Type': 'application/json'},
                  valid_request=False)


class TestPlacementConformance(TestConformance):
    """Providers, instances, placement policies and action plans, on the
    seed's worked example: Policy 1 (energy) fires once a large.3 leaves
    server-a, and an audit plans the migration that repairs it."""

    fixture_cls = api_fixtures.PlacementExampleFixture

    def test_every_operation_answers_as_documented(self):
        self._policies()
        self._action_plans()
        self._instances()
        self._providers()
        self.assert_all_succeeded(lambda tags: set(tags) & PLACEMENT_TAGS)

    def _policies(self):
        self.call('GET', '/v1/policies', 200)
        self.call('POST', '/v1/policies', 201, {
            'name': 'energy', 'description': 'one underused server at most',
            'rules': [{'rule': r} for r in ENERGY]})
        self.call('POST', '/v1/policies', 201, {
            'name': 'ha', 'hard': True,
            'rules': [{'rule': r} for r in HA]})
        self.call('POST', '/v1/policies', 409, {'name': 'ha'})
        self.call('POST', '/v1/policies', 400, {
            'name': 'broken',
            'rules': [{'rule': 'error(x) :- nova:node(x, "type1"'}]})
        self.call('POST', '/v1/policies', 400, {'name': 'odd', 'colour': 1},
                  valid_request=False)
        self.call('GET', '/v1/policies', 200)
        self.call('GET', '/v1/policies/energy', 200)
        self.call('GET', '/v1/policies/nothing', 404)
        self.call('GET', '/v1/policies/energy/rules', 200)
        body, _ = self.call('POST', '/v1/policies/energy/rules', 201, {
            'rule': 'busy(x) :- nova:node(x, t), not underused(x)',
            'name': 'busy', 'comment': 'the others'})
        rule = body['rule']['id']
        self.call('POST', '/v1/policies/energy/rules', 400,
                  {'rule': 'q(x) :- nova:node(x, t), not q(x)'})
        self.call('POST', '/v1/policies/nothing/rules', 404, {'rule': 'x'})
        self.call('GET', '/v1/policies/energy/rules/%s' % rule, 200)
        self.call('DELETE', '/v1/policies/energy/rules/%s' % rule, 204)
        self.call('GET', '/v1/policies/energy/rules/%s' % rule, 404)
        self.call('GET', '/v1/policies/energy/violations', 200)
        self.call('GET', '/v1/policies/nothing/violations', 404)
        body, _ = self.call('GET', '/v1/violations', 200)
        self.assertEqual([], body['violations'])
        self.call('GET', '/v1/policy-tables', 200)
        self.call('GET', '/v1/policy-tables/server_utilization', 200)
        self.call('GET', '/v1/policy-tables/nova:nothing', 404)
        body, _ = self.call('POST', '/v1/policies/simulate?policy=ha', 200, {
            'moves': [{'vm': 'large.2.X2', 'to': 'server-a'}],
            'changes': [{'op': 'insert', 'table': 'anti_affinity_group',
                         'row': ['large.3.A', 'ha-2']}]})
        self.assertEqual(['ha'], list(body['simulation']['added']))
        self.call('POST', '/v1/policies/simulate', 400,
                  {'moves': [{'vm': 'nope', 'to': 'server-a'}]})
        self.call('POST', '/v1/policies/simulate', 400, {'moves': [{}]},
                  valid_request=False)
        body, _ = self.call('POST', '/v1/policies/check', 200, {
            'vcpus': 4, 'memory_mb': 16384, 'ha_groups': ['ha-1']})
        self.call('POST', '/v1/policies/check', 400,
                  {'ha_groups': ['ha-1']}, valid_request=False)
        body, _ = self.call('POST', '/v1/audits', 201, {})
        self.assertIsNone(body['audit']['action_plan'])
        self.call('POST', '/v1/audits', 400,
                  {'scope': {'vms': ['nope']}})
        self.call('POST', '/v1/audits', 400, {'tie_break': 'random'},
                  valid_request=False)

    def _delete_server(self, name):
        driver = self.api.service.manager.driver
        doomed = next(s.id for s in driver.list_servers() if s.name == name)
        driver.delete_server(doomed)
        self._wait(lambda: all(s.id != doomed
                               for s in driver.list_servers()))

    def _wait(self, done, timeout=60):
        deadline = time.monotonic() + timeout
        while not done():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def _plan_state(self, plan):
        body, _ = self.call('GET', '/v1/action-plans/%s' % plan, 200)
        return body['action_plan']['state']

    def _action_plans(self):
        self._delete_server('large.3.A')
        body, _ = self.call('GET', '/v1/violations', 200)
        self.assertEqual({'energy'}, {v['policy'] for v in body['violations']})
        body, _ = self.call('POST', '/v1/audits', 201, {
            'policies': ['energy', 'ha'], 'tie_break': 'pack',
            'scope': {'mode': 'violating'}})
        first = body['audit']['action_plan']['id']
        self.call('POST', '/v1/action-plans/%s/cancel' % first, 200)
        self.call('POST', '/v1/action-plans/%s/approve' % first, 409)
        body, _ = self.call('POST', '/v1/audits', 201, {})
        plan = body['audit']['action_plan']['id']
        self.call('GET', '/v1/action-plans', 200)
        body, _ = self.call('GET', '/v1/action-plans?state=CANCELLED', 200)
        self.assertEqual([first], [p['id'] for p in body['action_plans']])
        self.call('GET', '/v1/action-plans?state=nope', 400,
                  valid_request=False)
        self.call('GET', '/v1/action-plans/nothing', 404)
        self.call('POST', '/v1/action-plans/nothing/approve', 404)
        self.call('POST', '/v1/action-plans/%s/execute' % plan, 409)
        self.call('POST', '/v1/action-plans/%s/approve' % plan, 200)
        self.call('POST', '/v1/action-plans/%s/execute' % plan, 202)
        self._wait(lambda: self._plan_state(plan) in ('SUCCEEDED',
                                                      'FAILED'))
        self.assertEqual('SUCCEEDED', self._plan_state(plan))
        self.call('POST', '/v1/action-plans/%s/cancel' % plan, 409)
        body, _ = self.call('GET', '/v1/violations', 200)
        self.assertEqual([], body['violations'])
        self.call('DELETE', '/v1/policies/energy', 204)
        self.call('DELETE', '/v1/policies/energy', 404)

    def _instance_status(self, instance):
        body, _ = self.call('GET', '/v1/instances/%s' % instance, 200)
        return body['instance']['status']

    def _instances(self):
        self.call('GET', '/v1/instances', 200)
        body, _ = self.call('POST', '/v1/instances', 202, {
            'name': 'vnf-1', 'flavor': 'large.2', 'image': 'cirros',
            'networks': ['net-1', {'uuid': 'net-2'}],
            'metadata': {'ha_group': 'g1'}})
        instance = body['instance']['id']
        self._wait(lambda: self._instance_status(instance) == 'ACTIVE')
        self.call('GET', '/v1/instances?status=ACTIVE&sort_key=name&'
                  'sort_dir=desc&limit=5', 200)
        self.call('GET', '/v1/instances?all_projects=true', 200)
        self.call('GET', '/v1/instances?sort_key=colour', 400,
                  valid_request=False)
        self.call('GET', '/v1/instances/%s' % instance, 404, headers=MEMBER)
        self.call('POST', '/v1/instances', 400, {'name': 'x',
                                                 'flavor': 'huge'})
        self.call('POST', '/v1/instances', 400, {'name': 'x'},
                  valid_request=False)
        self.call('POST', '/v1/instances', 404, {'name': 'x',
                                                 'flavor': 'large.2',
                                                 'provider_id': 'nowhere'})
        self.call('POST', '/v1/instances', 409, {
            'name': 'x', 'flavor': 'large.2',
            'reservation_id': '00000000-0000-4000-8000-000000000000'})
        self.call('DELETE', '/v1/instances/%s' % instance, 202)
        self._wait(lambda: self._instance_status(instance) == 'DELETED')
        self.call('DELETE', '/v1/instances/%s' % instance, 409)
        self.call('DELETE', '/v1/instances/nope', 404)

    def _providers(self):
        self.call('GET', '/v1/providers', 200)
        self.call('GET', '/v1/providers', 403, headers=MEMBER)
        body, _ = self.call('POST', '/v1/providers', 201, {
            'name': 'region-two', 'driver': 'simulated',
            'config': {'topology_file': OTHER_DC, 'password': 'secret'}})
        self.assertEqual('******', body['provider']['config']['password'])
        self.call('POST', '/v1/providers', 409,
                  {'name': 'region-two', 'driver': 'simulated'})
        self.call('POST', '/v1/providers', 400,
                  {'name': 'region-x', 'driver': 'warp-drive'})
        self.call('POST', '/v1/providers', 400, {'driver': 'simulated'},
                  valid_request=False)
        self.call('GET', '/v1/providers/region-two', 200)
        self.call('GET', '/v1/providers/nowhere', 404)
        self.call('DELETE', '/v1/providers/region-two', 409)
        self.call('POST', '/v1/providers', 201, {
            'name': 'region-empty', 'driver': 'simulated',
            'config': {'topology_file': OTHER_DC}})
        self.call('DELETE', '/v1/providers/region-empty', 204)
        self.call('DELETE', '/v1/providers/region-empty', 404)
