"""End to end: a real Horizon with the Promise panels, driven by headless
Chromium, against a real Keystone and real promise-api and
promise-manager processes (RabbitMQ between them) on the three hosts of
small-dc.yaml.

Screenshots land in $PROMISE_TEST_ARTIFACTS (./test-artifacts by
default), under dashboard/.
"""
import datetime
import os
import shutil

import requests

from promise.dashboard.tests.functional import horizon
from promise.tests import base
from promise.tests.functional import keystone
from promise.tests.functional import processes
from promise.tests.functional import services

TOPOLOGY = os.path.join(os.path.dirname(services.__file__), 'api',
                        'small-dc.yaml')
CHROMIUM = os.environ.get('PROMISE_TEST_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('PROMISE_TEST_CHROMEDRIVER',
                              '/usr/bin/chromedriver')


def artifacts_dir():
    path = os.path.join(os.environ.get('PROMISE_TEST_ARTIFACTS',
                                       'test-artifacts'), 'dashboard')
    os.makedirs(path, exist_ok=True)
    return path


class TestDashboard(base.TestCase):

    def setUp(self):
        super().setUp()
        self._browser().quit()
        self.driver = None
        services.require_port(self, 'rabbit')
        self.keystone = self.useFixture(keystone.Keystone(self))
        self._promise()
        self.horizon = self.useFixture(horizon.Horizon(self.keystone.url))
        self.addOnException(self._save_page)
        self.addCleanup(lambda: self.driver and self.driver.quit())

    def _browser(self):
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome import service
        except ImportError as exc:
            services.unavailable(self, 'Selenium', exc)
        for path in (CHROMIUM, CHROMEDRIVER):
            if not os.path.exists(path):
                services.unavailable(
                    self, 'Chromium', '%s is missing (apt-get install '
                    'chromium chromium-driver)' % path)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ('--headless', '--no-sandbox', '--disable-gpu',
                    '--disable-background-networking',
                    '--disable-dev-shm-usage', '--window-size=1280,1100'):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=service.Service(CHROMEDRIVER),
                                  options=options)
        driver.set_page_load_timeout(120)
        return driver

    def _promise(self):
        tmp = self.useFixture(base.fixtures.TempDir()).path
        options = dict(self.keystone.authtoken_options())
        options['simulated.topology_file'] = TOPOLOGY
        self.config = self.useFixture(processes.ServiceConfig(
            'sqlite:///%s/promise.sqlite' % tmp, services.RABBIT_URL,
            auth_strategy='keystone', extra=options))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        self.assertEqual(0, result.returncode, result.stderr)
        self.useFixture(processes.Process(self.config, 'promise-manager'))
        api = self.useFixture(processes.Process(self.config, 'promise-api'))
        processes.wait_for(
            lambda: requests.get(self.config.url + '/', timeout=2),
            timeout=60, what='promise-api\n' + api.output())
        # Horizon finds the service in the catalog, as in a deployment.
        client = self.keystone.client
        svc = client.services.create('promise', type='reservation')
        client.endpoints.create(svc, self.config.url + '/v1',
                                interface='public', region='RegionOne')
        self.admin_token = self.keystone.admin.get_token()
        processes.wait_for(self._hosts_synced, timeout=60,
                           what='the manager to register the hosts')

    def _api(self, path):
        return requests.get(self.config.url + '/v1' + path, timeout=30,
                            headers={'X-Auth-Token': self.admin_token})

    def _hosts_synced(self):
        resp = self._api('/os-hosts')
        return resp.status_code == 200 and len(resp.json()['hosts']) == 3

    # Browser helpers ------------------------------------------------------

    def _find(self, css):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def _wait_for(self, css, timeout=60):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support import ui
        return ui.WebDriverWait(self.driver, timeout).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css)))

    def _wait_for_all(self, css, timeout=60):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support import ui
        return ui.WebDriverWait(self.driver, timeout).until(
            ec.presence_of_all_elements_located((By.CSS_SELECTOR, css)))

    def _open(self, path):
        self.driver.get(self.horizon.url + path)

    def _text(self):
        return self._find('body').text

    def _screenshot(self, name):
        path = os.path.join(artifacts_dir(), name)
        self.assertTrue(self.driver.save_screenshot(path), path)
        self.assertGreater(os.path.getsize(path), 10000)
        return path

    def _save_page(self, exc_info):
        try:
            self._screenshot('failure-%s.png' % self.id().rsplit('.')[-1])
            with open(os.path.join(artifacts_dir(), 'failure.html'),
                      'w') as f:
                f.write(self.driver.page_source)
            shutil.copy(self.horizon.log_path, artifacts_dir())
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass

    def _login(self, user, password):
        # A browser of its own per user: nothing of the previous session
        # is left (Horizon logs out by POST only).
        if self.driver is not None:
            self.driver.quit()
        self.driver = self._browser()
        self._open('/auth/login/')
        self._wait_for('#id_username').send_keys(user)
        self._find('#id_password').send_keys(password)
        self._find('#loginBtn, button[type=submit]').click()
        self._wait_for('.navbar .user-menu, #user_info_bar, '
                       'a[href$="/auth/logout/"]')

    # The test -------------------------------------------------------------

    def test_lease_and_timeline(self):
        self.keystone.make_user('alice', 'demo', 'member')
        self._login('alice', 'alice-secret')

        # An empty lease table, and the Reservations entry in the menu.
        self._open('/project/reservations/')
        self._wait_for('table#leases')
        self.assertIn('No items to display', self._find('table#leases').text)
        self._find('a[href$="/project/reservations/"]')

        # Instances: answered as the service can (the table, or why not).
        self._open('/project/reservations/?tab=reservations__instances')
        table = self._wait_for('table#instances').text
        token = self.keystone.session('alice', 'alice-secret',
                                      'demo').get_token()
        status = requests.get(self.config.url + '/v1/instances', timeout=30,
                              headers={'X-Auth-Token': token}).status_code
        if status == 404:
            self.assertIn('Instances on reserved capacity are not '
                          'available', table)
            self.assertEqual([], self.driver.find_elements(
                'css selector', 'a#instances__action_create_instance'))
        else:
            self.assertNotIn('not available', table)

        # Create a lease: ask for the earliest windows, take the first.
        tomorrow = (datetime.datetime.now(datetime.UTC) +
                    datetime.timedelta(days=1)).strftime('%Y-%m-%d 00:00')
        self._open('/project/reservations/')
        self._wait_for('a#leases__action_create').click()
        self._wait_for('#id_name').send_keys('vnf-browser')
        self._find('#id_hosts').clear()
        self._find('#id_hosts').send_keys('2')
        self._find('#id_resource_properties').send_keys(
            '["=", "$server_type", "big"]')
        self._find('#id_earliest').send_keys(tomorrow)
        self._find('#id_duration_hours').clear()
        self._find('#id_duration_hours').send_keys('12')
        self._find('#find_windows').click()
        result = self._wait_for('#availability_result').text
        self.assertIn('3 windows found.', result)
        self.assertIn('at most 2 of physical:host', result)
        first = self._find('input[name=window]')
        start = tomorrow
        end = tomorrow[:11] + '12:00'
        self.assertEqual('%s|%s' % (start, end), first.get_attribute('value'))
        self.assertTrue(first.is_selected())
        self._screenshot('01-create-lease-windows.png')
        self._find('#create_lease').click()

        self._wait_for('table#leases tbody tr[data-object-id]')
        text = self._text()
        self.assertIn('Lease "vnf-browser" created: %s to %s (UTC).' % (
            start, end), text)
        row = self._find('table#leases tbody tr[data-object-id]').text
        for expected in ('vnf-browser', '2 host(s)', start, end, 'PENDING'):
            self.assertIn(expected, row)
        self._screenshot('02-leases.png')
        leases = self._api('/leases').json()['leases']
        self.assertEqual([('vnf-browser', 'alice')],
                         [(ls['name'], ls['user_id'] and 'alice')
                          for ls in leases])

        # The administrator's capacity panel: hosts, then the timelines.
        self._login('admin', keystone.ADMIN_PASSWORD)
        self._open('/admin/capacity/')
        hosts = self._wait_for('table#hosts').text
        for name in ('server-a', 'server-b', 'server-c'):
            self.assertIn(name, hosts)

        self._open('/admin/capacity/?tab=capacity__timeline&scope=pool:all'
                   '&days=3&resource_class=VCPU&start=' +
                   tomorrow[:10])
        svg = self._wait_for('#capacity_timeline svg.promise-timeline')
        # Two big hosts of 8 VCPU reserved out of 20 for the window.
        self.assertEqual('VCPU of pool all (3 hosts)',
                         svg.find_element('css selector', 'title')
                         .get_attribute('textContent'))
        bars = svg.find_elements('css selector', 'g.lease-bar text')
        self.assertEqual(['vnf-browser'],
                         [b.get_attribute('textContent') for b in bars])
        tips = [c.get_attribute('textContent') for c in svg.find_elements(
            'css selector', 'circle.breakpoint title')]
        self.assertIn('%s: total 20, used 0, reserved 16' % start, tips)
        self.assertIn('%s: total 20, used 0, reserved 0' % end, tips)
        self._screenshot('03-timeline-pool.png')

        allocated = [a for a in self._api('/os-hosts/allocations').json()[
            'allocations'] if a['reservations']]
        host_names = {h['id']: h['hypervisor_hostname']
                      for h in self._api('/os-hosts').json()['hosts']}
        self.assertEqual(['server-a', 'server-b'],
                         sorted(host_names[a['resource_id']]
                                for a in allocated))
        self._open('/admin/capacity/?tab=capacity__timeline&scope=host:'
                   'server-a&days=2&resource_class=VCPU&start=' +
                   tomorrow[:10])
        svg = self._wait_for('#capacity_timeline svg.promise-timeline')
        self.assertIn('VCPU of host server-a', svg.get_attribute(
            'innerHTML'))
        self.assertEqual(['vnf-browser'], [
            b.get_attribute('textContent') for b in
            svg.find_elements('css selector', 'g.lease-bar text')])
        self._screenshot('04-timeline-host.png')

        # Placement policies: one created through the API is listed, and
        # its page shows its rules and what violates it now.
        resp = requests.post(
            self.config.url + '/v1/policies', timeout=60,
            headers={'X-Auth-Token': self.admin_token},
            json={'name': 'energy', 'rules': [
                {'rule': 'underused(server) :- nova:node(server, "big"),\n'
                         '    server_utilization(server, util), '
                         'lt(util, 50)'},
                {'rule': 'error(s) :- underused(s), underused(t), '
                         'neq(s, t)'}]})
        self.assertEqual(201, resp.status_code, resp.text)
        self._open('/admin/placement_policies/')
        row = self._wait_for('table#policies tbody tr[data-object-id]')
        self.assertEqual(resp.json()['policy']['id'],
                         row.get_attribute('data-object-id'))
        for expected in ('energy', 'No', '2'):
            self.assertIn(expected, row.text)
        row.find_element('css selector', 'a[href*="/placement_policies/"]'
                         ).click()
        rules = [r.text for r in self._wait_for_all('pre.promise-rule')]
        self.assertEqual(['underused(server) :- nova:node(server, "big"),\n'
                          '    server_utilization(server, util), '
                          'lt(util, 50)',
                          'error(s) :- underused(s), underused(t), '
                          'neq(s, t)'], rules)
        # Both idle big servers are under 50 %: each breaks the policy.
        violations = self._find('table#policy_violations').text
        for name in ('server-a', 'server-b'):
            self.assertIn(name, violations)
        self._screenshot('05-placement-policy.png')

        # The tables policies read, and the rows of the one used above.
        self._open('/admin/placement_policies/?tab=placement__tables')
        tables = self._wait_for('table#policy_tables').text
        self.assertIn('server_utilization', tables)
        self._find('table#policy_tables a[href$="/tables/'
                   'server_utilization/"]').click()
        rows = self._wait_for('table#table_rows').text
        for name in ('server-a', 'server-b'):
            self.assertIn(name, rows)
        self._screenshot('06-policy-table.png')

        # A simulated move of a VM the data centre does not have is
        # refused by the API and said on the form.
        self._open('/admin/placement_policies/')
        self._wait_for('a#policies__action_simulate').click()
        self._wait_for('#id_moves').send_keys('ghost -> server-a')
        self._find('#simulate_modal input[type=submit]').click()
        error = self._wait_for('#simulate_modal .alert-danger').text
        self.assertIn('unknown VM ghost', error)
        self.assertEqual([], self.driver.find_elements(
            'css selector', '#simulation_result'))
        self._screenshot('07-simulate-unknown-vm.png')
