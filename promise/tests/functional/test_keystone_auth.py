"""promise-api with auth_strategy=keystone against a real Keystone: tokens,
the default policy over every route, and isolation between projects.

One Keystone and one Promise (API and manager over RabbitMQ and
PostgreSQL) serve every test of the module; each user's token is fetched
once.
"""
import atexit
import re
import time
import unittest
import uuid

import fixtures
import requests
import testscenarios
import testtools

from promise import policies
from promise.tests import base
from promise.tests.functional import keystone
from promise.tests.functional import processes
from promise.tests.functional import rbac_matrix
from promise.tests.functional import services

load_tests = testscenarios.load_tests_apply_scenarios


class _ClassScope:
    """Stands for a test where class-wide fixtures want one."""

    def fail(self, message):
        raise AssertionError(message)

    def skipTest(self, message):
        raise unittest.SkipTest(message)


class World(fixtures.Fixture):
    """Keystone, Promise, the personas' tokens and resources of project
    alpha for the matrix to aim at."""

    def _setUp(self):
        scope = _ClassScope()
        services.require_port(scope, 'rabbit')
        self.keystone = self.useFixture(keystone.Keystone(scope))
        db = self.useFixture(services.Database(scope, 'postgresql'))
        self.config = self.useFixture(processes.ServiceConfig(
            db.url, services.RABBIT_URL, auth_strategy='keystone',
            extra=dict(self.keystone.authtoken_options(), **{
                # Revocations are seen within seconds (default 300).
                'keystone_authtoken.token_cache_time': 2,
                'notifications.callback_allow_list': '127.0.0.0/8'})))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        if result.returncode:
            raise AssertionError(result.stderr)
        self.manager = self.useFixture(processes.Process(
            self.config, 'promise-manager'))
        self.api = self.useFixture(processes.Process(self.config,
                                                     'promise-api'))
        processes.wait_for(
            lambda: requests.get(self.config.url + '/', timeout=5),
            timeout=60, what='promise-api\n' + self.api.output())

        self.tokens = {}
        self.projects = {}
        for project in ('alpha', 'beta'):
            for role in ('reader', 'member'):
                name = '%s_%s' % (project, role)
                session, self.projects[project] = self.keystone.make_user(
                    name, project, role)
                self.tokens[name] = session.get_token()
        admin, _ = self.keystone.make_user('operator', 'alpha', 'admin')
        self.tokens['admin'] = admin.get_token()

        # The manager registers the simulated hosts as it starts.
        hosts = processes.wait_for(
            lambda: self.call('admin', 'GET', '/v1/os-hosts').json()[
                'hosts'], timeout=60, what='hosts\n' + self.manager.output())
        self.ids = {'host': hosts[0]['id'],
                    'missing': str(uuid.uuid4())}
        self.ids['pool'] = self.call('admin', 'GET', '/v1/pools').json()[
            'pools'][0]['id']
        self.ids['lease'] = self.create_lease('alpha_member', 'alpha-lease')
        resp = self.call('alpha_member', 'POST', '/v1/subscriptions', {
            'url': 'http://127.0.0.1:9/hook',
            'filter': {'event_types': ['capacity.adjustment.create']}})
        self.check(201, resp)
        self.ids['subscription'] = resp.json()['subscription']['id']
        resp = self.call('admin', 'POST', '/v1/capacity/adjustments', {
            'host': hosts[0]['hypervisor_hostname'], 'amounts': {'VCPU': 1},
            'start_date': '2031-01-01 00:00',
            'end_date': '2031-01-02 00:00', 'reason': 'matrix'})
        self.check(201, resp)
        self.ids['adjustment'] = resp.json()['adjustment']['id']
        resp = self.call('alpha_member', 'POST', '/v1/instances', {
            'name': 'alpha-vm', 'flavor': 'large.2'})
        self.check(202, resp)
        self.ids['instance'] = resp.json()['instance']['id']
        self.ids['provider'] = self.call(
            'admin', 'GET', '/v1/providers').json()['providers'][0]['id']
        resp = self.call('admin', 'POST', '/v1/policies',
                         {'name': 'matrix'})
        self.check(201, resp)
        self.ids['policy'] = resp.json()['policy']['id']
        self.ids['table'] = 'nova:node'

    def call(self, persona, method, path, body=None, token=None, **kw):
        headers = kw.pop('headers', {})
        headers['X-Auth-Token'] = token or self.tokens[persona]
        return requests.request(method, self.config.url + path,
                                json=body, headers=headers, timeout=60,
                                **kw)

    def check(self, status, resp):
        if resp.status_code != status:
            raise AssertionError('%s %s: %s %s' % (
                resp.request.method, resp.request.url, resp.status_code,
                resp.text))

    def create_lease(self, persona, name, day=1):
        resp = self.call(persona, 'POST', '/v1/leases', {
            'name': name, 'start_date': '2031-02-%02d 10:00' % day,
            'end_date': '2031-02-%02d 12:00' % day,
            'reservations': [{'resource_type': 'capacity',
                              'amounts': {'VCPU': 1}}]})
        self.check(201, resp)
        return resp.json()['lease']['id']


def _first_cause(exc):
    """The exception a fixture's set-up failed with, out of the wrapping
    fixtures adds (so that a missing service skips, not errors)."""
    while isinstance(exc, testtools.MultipleExceptions):
        exc = exc.args[0][1]
    return exc


class _WorldTest(base.TestCase):
    world = None
    failed = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if _WorldTest.failed is not None:
            # Set up once per worker: the other classes fail at once.
            raise _WorldTest.failed
        if _WorldTest.world is None:
            world = World()
            try:
                world.setUp()
            except BaseException as exc:
                _WorldTest.failed = _first_cause(exc)
                raise _WorldTest.failed
            _WorldTest.world = world
            # Module cleanups run after the last test of the module on
            # this worker; atexit is the backstop of runners without them.
            unittest.addModuleCleanup(world.cleanUp)
            atexit.register(world.cleanUp)

    def assertBlazarError(self, status, resp):
        self.assertEqual(status, resp.status_code, resp.text)
        body = resp.json()
        self.assertEqual(status, body['error_code'], body)
        self.assertTrue(body['error_message'], body)
        self.assertTrue(body['error_name'], body)


def _placeholders(path):
    return re.sub(r'\{[^}]*\}', '{}', path)


class TestMatrix(_WorldTest):
    """Every route, every persona (rbac_matrix.ROUTES)."""

    scenarios = [(name, {'row': row})
                 for name, row in sorted(rbac_matrix.ROUTES.items())]

    def test_route(self):
        w = self.world
        path = self.row.path.format(**w.ids)
        wrong = []
        for persona, expected in self.row.expected.items():
            if expected is None:
                continue
            resp = w.call(persona, self.row.method, path, self.row.body)
            if resp.status_code != expected:
                wrong.append('%s: %s, not %s (%s)' % (
                    persona, resp.status_code, expected, resp.text[:200]))
            elif expected >= 400:
                self.assertBlazarError(expected, resp)
        self.assertEqual([], wrong, '%s %s' % (self.row.method, path))


class TestMatrixCoversEveryRoute(base.TestCase):
    def test_every_documented_operation_has_a_row(self):
        rows = {(r.method, _placeholders(r.path))
                for r in rbac_matrix.ROUTES.values()}
        missing = set()
        for rule in policies.list_rules():
            for op in getattr(rule, 'operations', None) or []:
                if (op['method'], _placeholders(op['path'])) not in rows:
                    missing.add('%s %s (%s)' % (op['method'], op['path'],
                                                rule.name))
        self.assertEqual(set(), missing)


class TestIsolation(_WorldTest):

    def test_lists_show_only_ones_own_project(self):
        w = self.world
        for path, key, mine in (('/v1/leases', 'leases', 'lease'),
                                ('/v1/subscriptions', 'subscriptions',
                                 'subscription')):
            for persona in ('beta_reader', 'beta_member'):
                # Asking for another project's is no way round.
                for query in ('', '?project_id=%s' % w.projects['alpha']):
                    resp = w.call(persona, 'GET', path + query)
                    self.assertEqual(200, resp.status_code, resp.text)
                    self.assertNotIn(w.ids[mine],
                                     [x['id'] for x in resp.json()[key]])
            for persona in ('alpha_reader', 'alpha_member', 'admin'):
                resp = w.call(persona, 'GET', path)
                self.assertIn(w.ids[mine],
                              [x['id'] for x in resp.json()[key]])

    def test_another_projects_lease_cannot_be_changed_by_id(self):
        w = self.world
        before = w.call('admin', 'GET', '/v1/leases/' + w.ids['lease'])
        self.assertEqual(200, before.status_code)
        change = {'name': 'taken-over', 'end_date': '2031-02-01 13:00'}
        for persona in ('beta_member', 'beta_reader'):
            for headers in ({}, {'X-Project-Id': w.projects['alpha'],
                                 'X-Roles': 'admin'}):
                resp = w.call(persona, 'PUT',
                              '/v1/leases/' + w.ids['lease'], change,
                              headers=dict(headers))
                self.assertBlazarError(404, resp)
                resp = w.call(persona, 'DELETE',
                              '/v1/leases/' + w.ids['lease'],
                              headers=dict(headers))
                self.assertBlazarError(404, resp)
        # The same answer as for a lease that does not exist at all.
        resp = w.call('beta_member', 'PUT', '/v1/leases/' + w.ids['missing'],
                      change)
        self.assertBlazarError(404, resp)
        after = w.call('admin', 'GET', '/v1/leases/' + w.ids['lease'])
        self.assertEqual(before.json(), after.json())

    def test_members_change_their_own(self):
        w = self.world
        lease_id = w.create_lease('beta_member', 'beta-own', day=3)
        resp = w.call('beta_reader', 'PUT', '/v1/leases/' + lease_id,
                      {'name': 'renamed'})
        self.assertBlazarError(403, resp)
        resp = w.call('beta_member', 'PUT', '/v1/leases/' + lease_id,
                      {'name': 'renamed'})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual('renamed', resp.json()['lease']['name'])
        self.assertEqual(w.projects['beta'], resp.json()['lease'][
            'project_id'])
        resp = w.call('beta_member', 'DELETE', '/v1/leases/' + lease_id)
        self.assertEqual(204, resp.status_code, resp.text)
        # An administrator deletes any project's.
        lease_id = w.create_lease('beta_member', 'beta-admin', day=4)
        resp = w.call('admin', 'DELETE', '/v1/leases/' + lease_id)
        self.assertEqual(204, resp.status_code, resp.text)


class TestTokens(_WorldTest):

    def test_missing_and_bad_tokens(self):
        w = self.world
        good = w.tokens['alpha_member']
        for token in ('not-a-token', good[:-4] + 'AAAA'):
            resp = w.call(None, 'GET', '/v1/leases', token=token)
            self.assertBlazarError(401, resp)
            self.assertIn('Keystone uri=', resp.headers['WWW-Authenticate'])
        resp = requests.get(w.config.url + '/v1/leases', timeout=60)
        self.assertBlazarError(401, resp)
        # Version discovery is public.
        self.assertEqual(300, requests.get(w.config.url + '/',
                                           timeout=60).status_code)

    def test_expired_token(self):
        w = self.world
        issuer = w.keystone.short_lived_issuer(expiration=3)
        password, project = w.keystone.passwords['beta_member']
        token = w.keystone.session('beta_member', password, project,
                                   auth_url=issuer).get_token()
        issued = time.monotonic()
        # Good while it lasts (on a slow machine it may already be over).
        resp = w.call(None, 'GET', '/v1/leases', token=token)
        if time.monotonic() - issued < 2:
            self.assertEqual(200, resp.status_code, resp.text)
        processes.wait_for(
            lambda: w.call(None, 'GET', '/v1/leases',
                           token=token).status_code == 401,
            timeout=60, interval=1, what='the token to expire')
        self.assertBlazarError(401, w.call(None, 'GET', '/v1/leases',
                                           token=token))

    def test_revoked_token(self):
        w = self.world
        password, project = w.keystone.passwords['beta_member']
        token = w.keystone.session('beta_member', password,
                                   project).get_token()
        resp = w.call(None, 'GET', '/v1/leases', token=token)
        self.assertEqual(200, resp.status_code, resp.text)
        w.keystone.revoke(token)
        # Once [keystone_authtoken] token_cache_time has passed.
        processes.wait_for(
            lambda: w.call(None, 'GET', '/v1/leases',
                           token=token).status_code == 401,
            timeout=60, interval=1, what='the revocation to be seen')
        self.assertBlazarError(401, w.call(None, 'POST', '/v1/leases', {},
                                           token=token))
