"""The real ``openstack`` command with password auth against a real
Keystone, finding the reservation endpoint in its catalog, and a
promise-server with auth_strategy=keystone booting on the simulated VIM:
the ``--wait`` options, and the one-line 401 and 403."""
from concurrent import futures
import datetime
import json
import os
import subprocess

import testtools
from testtools import content

from promise.tests.functional import keystone
from promise.tests.functional import test_osc

TOPOLOGY = os.path.join(os.path.dirname(__file__), 'api',
                        'instances-dc.yaml')
# Lease events are scanned every second; boots and deletions take long
# enough for the waits to see BUILDING and DELETING.
SERVER_CONF = '''[manager]
event_interval = 1
[simulated]
boot_delay = 2
delete_delay = 2
'''
# Far enough ahead for the openstack command to start on a busy machine.
LEAD = datetime.timedelta(seconds=15)


class TestOpenStackClientKeystone(testtools.TestCase):
    """One Keystone and one server for the whole flow: each openstack call
    costs seconds of imports and Keystone seconds to set up."""

    BOOT = ['INITIALIZED', 'BUILDING', 'ACTIVE']

    def setUp(self):
        super().setUp()
        if not os.path.exists(test_osc.OPENSTACK):
            test_osc.services.unavailable(
                self, 'python-openstackclient',
                '%s is not installed' % test_osc.OPENSTACK)
        self.keystone = self.useFixture(keystone.Keystone(self))
        options = '\n'.join('%s = %s' % (name.split('.', 1)[1], value)
                            for name, value in
                            self.keystone.authtoken_options().items())
        self.server = test_osc.Server(
            topology=TOPOLOGY,
            extra='%s[keystone_authtoken]\n%s\n'
                  '[DEFAULT]\nauth_strategy = keystone\n' % (SERVER_CONF,
                                                              options))
        self.addCleanup(self.server.stop)
        # Read at the failure, before the server's directory goes.
        self.addOnException(lambda exc_info: self.addDetail(
            'promise-server', content.text_content(self._server_log())))
        service = self.keystone.client.services.create(
            name='promise', type='reservation')
        self.keystone.client.endpoints.create(
            service, self.server.url + '/v1', interface='public',
            region='RegionOne')
        self.keystone.make_user('alice', 'demo', 'member')
        self.keystone.make_user('bob', 'demo', 'reader')

    def _server_log(self):
        text = ''
        for name in sorted(os.listdir(self.server.dir)):
            if name.endswith(('.log', '.out')):
                with open(os.path.join(self.server.dir, name),
                          errors='replace') as f:
                    text += '==> %s <==\n%s' % (name, f.read()[-20000:])
        return text

    def openstack(self, *args, user='alice', password=None):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env['PYTHONWARNINGS'] = 'ignore'
        return subprocess.run(
            [test_osc.OPENSTACK, '--os-auth-url', self.keystone.url,
             '--os-identity-api-version', '3',
             '--os-username', user,
             '--os-password', password or '%s-secret' % user,
             '--os-project-name', 'demo',
             '--os-user-domain-name', 'Default',
             '--os-project-domain-name', 'Default',
             '--os-region-name', 'RegionOne', 'reservation', *args],
            capture_output=True, text=True, env=env, timeout=240)

    def ok(self, *args):
        result = self.openstack(*args)
        self.assertEqual(0, result.returncode,
                         'openstack %s: %s' % (' '.join(args),
                                               result.stderr))
        return json.loads(result.stdout), result.stderr.splitlines()

    def refused(self, result, *parts):
        self.assertEqual(1, result.returncode, result.stderr)
        self.assertEqual('', result.stdout)
        line = result.stderr.strip()
        self.assertEqual(1, len(line.splitlines()), line)
        for part in parts:
            self.assertIn(part, line)

    def _wrong_password(self):
        # The test Keystone (SQLite, one process) may answer a 500 when the
        # machine is loaded; that is Keystone's trouble, not the client's.
        for _ in range(3):
            result = self.openstack('lease', 'list',
                                    password='not-the-password')
            if '(HTTP 500)' not in result.stderr:
                break
        return result

    def test_wait_and_refusals(self):
        start = datetime.datetime.now(datetime.timezone.utc) + LEAD
        start_date = start.strftime('%Y-%m-%dT%H:%M:%S')
        with futures.ThreadPoolExecutor(3) as pool:
            waited = pool.submit(
                self.ok, 'lease', 'create', 'soon', '--start-date',
                start_date, '--end-date', '2031-06-01 00:00',
                '--reservation', 'resource_type=virtual:instance,amount=1,'
                'vcpus=2,memory_mb=4096,disk_gb=10', '--wait', '-f', 'json')
            reader = pool.submit(
                self.openstack, 'lease', 'create', 'not-mine',
                '--end-date', '2031-06-01 00:00', '--reservation',
                'resource_type=virtual:instance,amount=1,vcpus=2,'
                'memory_mb=4096,disk_gb=10', user='bob')
            self.refused(reader.result(), 'PolicyNotAuthorized (HTTP 403): ',
                         'promise:leases:create')
            self.refused(self._wrong_password(), 'requires authentication. '
                                                 '(HTTP 401)')
            lease, progress = waited.result()
        done = datetime.datetime.now(datetime.timezone.utc)

        self.assertEqual('ACTIVE', lease['status'])
        self.assertEqual(start_date, lease['start_date'][:19])
        self.assertGreaterEqual(done, start)
        label = 'lease soon (%s)' % lease['id']
        self.assertEqual(label + ': PENDING', progress[0])
        self.assertTrue(progress[1].startswith(label +
                                               ': PENDING, starts in '),
                        progress)
        self.assertEqual(label + ': ACTIVE', progress[-1])

        instance, progress = self.ok(
            'instance', 'create', 'vm-1', '--flavor', 'tiny',
            '--reservation', lease['reservations'][0]['id'], '--wait',
            '-f', 'json')
        self.assertEqual(('ACTIVE', 'high'),
                         (instance['status'], instance['priority']))
        self.assertIsNotNone(instance['host'])
        label = 'instance vm-1 (%s): ' % instance['id']
        # Each status once, in order; a short one may fall between polls.
        statuses = [line[len(label):] for line in progress]
        self.assertEqual([label] * len(progress),
                         [line[:len(label)] for line in progress])
        self.assertEqual(sorted(statuses, key=self.BOOT.index), statuses)
        self.assertEqual('ACTIVE', statuses[-1])

        result = self.openstack('instance', 'delete', instance['id'],
                                '--wait')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual([label + 'DELETING', label + 'DELETED'],
                         result.stderr.splitlines())
