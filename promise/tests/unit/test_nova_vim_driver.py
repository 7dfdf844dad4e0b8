"""The nova driver's settings, sessions, errors and request building.

What needs Nova itself is in functional/test_nova_driver.py.
"""
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import noauth
from keystoneauth1 import token_endpoint
from keystoneauth1.identity import v3
from novaclient import exceptions as nova_exc
import testtools

from promise import vim
from promise.conf import CONF
from promise.tests import base as test_base
from promise.vim import base
from promise.vim import nova
from promise.vim import nova_settings


class TestSettings(testtools.TestCase):

    def test_conf_defaults_are_the_driver_defaults(self):
        self.useFixture(test_base.ConfFixture())
        self.assertEqual(nova_settings.Settings(),
                         nova_settings.Settings.from_conf(CONF.nova))
        CONF.set_override('region_name', 'RegionTwo', group='nova')
        CONF.set_override('valid_interfaces', ['admin'], group='nova')
        CONF.set_override('notification_pool', 'p2', group='nova')
        settings = nova_settings.Settings.from_conf(CONF.nova)
        self.assertEqual(('RegionTwo', ('admin',), 'p2'),
                         (settings.region_name, settings.valid_interfaces,
                          settings.notification_pool))

    def test_provider_dict_short_forms(self):
        settings = nova_settings.Settings.from_dict({
            'region': 'RegionTwo', 'interface': 'public',
            'endpoint': 'https://nova.example/v2.1', 'microversion': '2.79',
            'password': 'not a setting', 'host_pinning': None})
        self.assertEqual(
            ('RegionTwo', ('public',), 'https://nova.example/v2.1', '2.79',
             nova_settings.PIN_HOST_FIELD),
            (settings.region_name, settings.valid_interfaces,
             settings.endpoint_override, settings.api_microversion,
             settings.host_pinning))


class TestSessions(testtools.TestCase):

    def test_endpoint_and_token(self):
        session = nova_settings.session_from_dict(
            {'endpoint': 'https://nova.example/v2.1', 'token': 'tok'})
        self.assertIsInstance(session.auth, token_endpoint.Token)
        self.assertEqual({'X-Auth-Token': 'tok'},
                         session.get_auth_headers())
        self.assertEqual('https://nova.example/v2.1',
                         session.get_endpoint(service_type='compute'))

    def test_password_with_default_domains(self):
        session = nova_settings.session_from_dict({
            'auth_url': 'https://keystone.example/v3', 'username': 'promise',
            'password': 'secret', 'project_name': 'service',
            'region': 'RegionOne', 'insecure': True})
        auth = session.auth
        self.assertEqual(
            ('https://keystone.example/v3', 'promise', 'service', 'Default',
             'Default'),
            (auth.auth_url, auth._username, auth._project_name,
             auth._user_domain_name, auth._project_domain_name))
        self.assertFalse(session.verify)

    def test_named_domain_and_explicit_plugin(self):
        auth = nova_settings.session_from_dict({
            'auth_url': 'https://keystone.example/v3', 'username': 'u',
            'password': 'p', 'project_name': 'p', 'domain_name': 'nfv',
            'cacert': '/etc/ssl/ca.pem'})
        self.assertEqual(('nfv', 'nfv', '/etc/ssl/ca.pem'),
                         (auth.auth._user_domain_name,
                          auth.auth._project_domain_name, auth.verify))
        session = nova_settings.session_from_dict({
            'auth_type': 'v3applicationcredential',
            'auth_url': 'https://keystone.example/v3',
            'application_credential_id': 'id',
            'application_credential_secret': 's'})
        self.assertIsInstance(session.auth, v3.ApplicationCredential)
        self.assertEqual('id', session.auth.auth_methods[0]
                         .application_credential_id)

    def test_endpoint_alone_needs_no_credentials(self):
        session = nova_settings.session_from_dict(
            {'endpoint': 'http://127.0.0.1:8774/v2.1'})
        self.assertIsInstance(session.auth, noauth.NoAuth)
        self.assertEqual('http://127.0.0.1:8774/v2.1',
                         session.get_endpoint(service_type='compute'))


class TestLoading(testtools.TestCase):

    def test_loaded_by_name_from_the_nova_group(self):
        self.useFixture(test_base.ConfFixture())
        CONF.set_override('driver', 'nova', group='vim')
        CONF.set_override('auth_type', 'none', group='nova')
        CONF.set_override('endpoint_override', 'http://127.0.0.1:9/v2.1',
                          group='nova')
        CONF.set_override('api_microversion', '2.90', group='nova')
        driver = vim.load_driver()
        self.assertIsInstance(driver, nova.NovaDriver)
        self.assertIsInstance(driver.session.auth, noauth.NoAuth)
        self.assertEqual(('http://127.0.0.1:9/v2.1', '2.90'),
                         (driver.settings.endpoint_override,
                          driver.settings.api_microversion))


class TestErrors(testtools.TestCase):

    def test_not_found_where_the_contract_names_it(self):
        def raising(exc, not_found=None):
            with nova._NovaErrors(not_found=not_found):
                raise exc
        err = self.assertRaises(
            base.ServerNotFound, raising,
            nova_exc.NotFound(404, 'Instance x could not be found.'),
            base.ServerNotFound)
        self.assertIn('Instance x could not be found.', str(err))
        # Elsewhere a 404 is only a refusal.
        err = self.assertRaises(base.VIMError, raising,
                                nova_exc.NotFound(404, 'No such host'))
        self.assertNotIsInstance(err, base.ServerNotFound)
        err = self.assertRaises(base.VIMError, raising, nova_exc.Conflict(
            409, "Cannot 'os-migrateLive' instance x while it is in "
                 "vm_state shelved_offloaded"))
        self.assertIn('shelved_offloaded', str(err))
        err = self.assertRaises(base.VIMError, raising,
                                ks_exc.ConnectFailure('Unable to connect'))
        self.assertIn('Unable to connect', str(err))
        # Anything else is a bug, not the VIM's answer.
        self.assertRaises(KeyError, raising, KeyError('x'))


class TestRequests(testtools.TestCase):

    def driver(self, version, **settings):
        driver = nova.NovaDriver(
            config=dict({'endpoint': 'http://127.0.0.1:9/v2.1'}, **settings))
        # As if negotiated; no request is made below.
        driver._clients[None] = driver._client_at(version)
        driver._nodes = {'node-a': ('svc-1', 'az-1'),
                         'svc-2': ('svc-2', None)}
        return driver

    def test_pinning_with_the_host_field(self):
        driver = self.driver('2.74')
        self.assertEqual({'host': 'svc-1', 'hypervisor_hostname': 'node-a'},
                         driver._pinning('node-a'))

    def test_pinning_with_the_availability_zone(self):
        driver = self.driver(
            '2.90', host_pinning=nova_settings.PIN_AVAILABILITY_ZONE)
        self.assertEqual({'availability_zone': 'az-1:svc-1:node-a'},
                         driver._pinning('node-a'))
        self.assertEqual({'availability_zone': 'nova:svc-2'},
                         driver._pinning('svc-2'))

    def test_pinning_before_2_74_uses_the_zone(self):
        driver = self.driver('2.60')
        self.assertEqual({'availability_zone': 'az-1:svc-1:node-a'},
                         driver._pinning('node-a'))
        self.assertEqual(['node-a'], driver.nodes_of('svc-1'))

    def test_networks(self):
        self.assertEqual('none', nova.NovaDriver._nics(None))
        self.assertEqual('auto', nova.NovaDriver._nics('auto'))
        self.assertEqual(
            [{'net-id': 'n1'}, {'net-id': 'n2', 'v4-fixed-ip': '10.0.0.5'},
             {'port-id': 'p1'}],
            nova.NovaDriver._nics(['n1', {'uuid': 'n2',
                                          'v4-fixed-ip': '10.0.0.5'},
                                   {'port-id': 'p1'}]))

    def test_start_without_transport_does_not_listen(self):
        driver = self.driver('2.74')
        driver.start()
        self.assertIsNone(driver._listener)
        driver.stop()
