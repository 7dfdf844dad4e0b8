"""Blazar's own client, python-blazarclient from PyPI, unchanged, against
a standalone promise-server; and the ``openstack`` command with both
Blazar's and Promise's plugins installed in one environment.

tools/test.sh installs them into a virtualenv of their own and exports
PROMISE_TEST_BLAZARCLIENT_VENV.
"""
import json
import os
import subprocess

from promise.tests.functional import services
from promise.tests.functional import test_osc

WINDOW = ['--start-date', '2032-02-01 10:00', '--end-date', '2032-02-01 12:00']


class TestBlazarClient(test_osc.SharedServerTestCase):

    def setUp(self):
        super().setUp()
        self.venv = os.environ.get('PROMISE_TEST_BLAZARCLIENT_VENV', '')
        for name in ('blazar', 'openstack'):
            if not os.path.exists(self._bin(name)):
                services.unavailable(
                    self, 'python-blazarclient',
                    'set PROMISE_TEST_BLAZARCLIENT_VENV to a virtualenv '
                    'with python-blazarclient, python-openstackclient and '
                    'this package (tools/test.sh does)')
        self.start_server()

    def _bin(self, name):
        return os.path.join(self.venv, 'bin', name)

    def _run(self, command, *args):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(('OS_', 'PYTHON', 'VIRTUAL_ENV'))}
        env['PYTHONWARNINGS'] = 'ignore'
        # Catalogs register the endpoint with /v1, as for Blazar.
        return subprocess.run(
            [self._bin(command), '--os-auth-type', 'none', '--os-endpoint',
             self.url + '/v1', *args],
            capture_output=True, text=True, env=env, timeout=120)

    def blazar(self, *args):
        result = self._run('blazar', *args)
        self.assertEqual(0, result.returncode, 'blazar %s: %s' % (
            ' '.join(args), result.stderr))
        self.assertNotIn('Traceback', result.stderr)
        return json.loads(result.stdout) if '-f' in args else result.stdout

    def test_blazar_cli_lease_lifecycle(self):
        hosts = {h['hypervisor_hostname']
                 for h in self.blazar('host-list', '-f', 'json')}
        self.assertEqual({'server-a', 'server-b', 'server-c'}, hosts)

        self.blazar('lease-create', *WINDOW, '--physical-reservation',
                    'min=1,max=1,hypervisor_properties='
                    '[">=", "$vcpus", "8"],resource_properties=',
                    'bz-hosts')
        self.blazar('lease-create', *WINDOW, '--reservation',
                    'resource_type=virtual:instance,vcpus=2,memory_mb=2048,'
                    'disk_gb=10,amount=2,affinity=False', 'bz-vms')
        listed = {lease['name']: lease
                  for lease in self.blazar('lease-list', '-f', 'json')}
        self.assertLessEqual({'bz-hosts', 'bz-vms'}, set(listed))

        shown = self.blazar('lease-show', 'bz-hosts', '-f', 'json')
        self.assertEqual('PENDING', shown['status'])
        reservations = shown['reservations']
        if isinstance(reservations, str):  # one JSON text per reservation
            reservations = [json.loads(reservations)]
        self.assertEqual(['physical:host'],
                         [r['resource_type'] for r in reservations])

        # Only server-a and server-b have 8 vCPUs: three hosts cannot fit.
        refused = self._run('blazar', 'lease-create', *WINDOW,
                            '--physical-reservation',
                            'min=2,max=2,hypervisor_properties='
                            '[">=", "$vcpus", "8"],resource_properties=',
                            'bz-too-big')
        self.assertNotEqual(0, refused.returncode)
        self.assertIn('Not enough capacity', refused.stderr)
        self.assertNotIn('Traceback', refused.stderr)

        self.blazar('lease-update', '--prolong-for', '1h', 'bz-hosts')
        shown = self.blazar('lease-show', 'bz-hosts', '-f', 'json')
        self.assertTrue(shown['end_date'].startswith('2032-02-01T13:00'),
                        shown['end_date'])

        self.blazar('lease-delete', 'bz-vms')
        names = {lease['name']
                 for lease in self.blazar('lease-list', '-f', 'json')}
        self.assertIn('bz-hosts', names)
        self.assertNotIn('bz-vms', names)

    def test_openstack_with_both_plugins(self):
        # Both packages register the "reservation" plugin; neither may
        # break the command, and each family of commands must work.
        result = self._run('openstack', 'reservation', 'lease', 'list',
                           '-f', 'json')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertNotIn('Traceback', result.stderr)
        self.assertIsInstance(json.loads(result.stdout), list)

        result = self._run('openstack', 'reservation', 'capacity', 'show',
                           '-f', 'json')
        self.assertEqual(0, result.returncode, result.stderr)
        capacity = json.loads(result.stdout)
        self.assertIn('VCPU', json.dumps(capacity))

        # A command of another service still parses its options.
        result = self._run('openstack', '--help')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertIn('--os-reservation-api-version', result.stdout)
