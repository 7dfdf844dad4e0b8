"""promise-api with auth_strategy=keystone against a real Keystone."""
import requests

from promise.tests import base
from promise.tests.functional import keystone
from promise.tests.functional import processes


class TestKeystoneAuth(base.TestCase):

    def setUp(self):
        super().setUp()
        self.keystone = self.useFixture(keystone.Keystone(self))
        tmp = self.useFixture(base.fixtures.TempDir()).path
        self.config = self.useFixture(processes.ServiceConfig(
            'sqlite:///%s/promise.sqlite' % tmp, 'fake://',
            auth_strategy='keystone',
            extra=self.keystone.authtoken_options()))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: requests.get(self.config.url + '/', timeout=2),
            what='promise-api\n' + api.output())

    def test_tokens(self):
        url = self.config.url + '/v1/leases'
        session, project_id = self.keystone.make_user('alice', 'demo',
                                                      'member')
        token = session.get_token()

        resp = requests.get(url, headers={'X-Auth-Token': token})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual({'leases': []}, resp.json())

        for headers in ({}, {'X-Auth-Token': 'not-a-token'},
                        {'X-Auth-Token': token[:-4] + 'AAAA'}):
            resp = requests.get(url, headers=headers)
            self.assertEqual(401, resp.status_code, resp.text)
            body = resp.json()
            self.assertEqual(401, body['error_code'])
            self.assertIn('error_message', body)
            self.assertIn('Keystone uri=', resp.headers['WWW-Authenticate'])

        # Version discovery is public.
        self.assertEqual(300, requests.get(self.config.url + '/').status_code)

        # A reader may not reach admin-only routes.
        reader, _ = self.keystone.make_user('bob', 'demo', 'reader')
        resp = requests.get(self.config.url + '/v1/os-hosts',
                            headers={'X-Auth-Token': reader.get_token()})
        self.assertEqual(403, resp.status_code, resp.text)
        self.assertEqual(403, resp.json()['error_code'])
