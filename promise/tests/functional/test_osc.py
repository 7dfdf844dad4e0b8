"""The real ``openstack`` command with the reservation plugin against a
real standalone promise-server on the three hosts of small-dc.yaml."""
from concurrent import futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import requests
import testtools

from promise.tests.functional import processes
from promise.tests.functional import services

TOPOLOGY = os.path.join(os.path.dirname(__file__), 'api', 'small-dc.yaml')
OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


class Server:
    """One promise-server for the tests of a class: each openstack call
    costs seconds of imports, so tests share it and use their own dates."""

    def __init__(self, topology=TOPOLOGY, extra=''):
        self.dir = tempfile.mkdtemp(prefix='promise-osc-')
        self.port = processes.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        config = os.path.join(self.dir, 'promise.conf')
        with open(config, 'w') as f:
            f.write('[DEFAULT]\nlog_dir = %s\n'
                    '[api]\nhost = 127.0.0.1\nport = %d\n'
                    '[simulated]\ntopology_file = %s\n%s'
                    % (self.dir, self.port, topology, extra))
        env = dict(os.environ, PROMISE_STATE_DIR=self.dir)
        self.log = open(os.path.join(self.dir, 'server.out'), 'ab')
        self.proc = subprocess.Popen(
            [processes.script('promise-server'), '--config-file', config],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            processes.wait_for(self._ready, timeout=60,
                               what='promise-server on %s' % self.url)
        except Exception:
            self.stop()
            raise

    def _ready(self):
        if self.proc.poll() is not None:
            raise AssertionError('promise-server exited with %s' %
                                 self.proc.returncode)
        # With Keystone auth a 401 says it is up, too.
        return requests.get(self.url + '/v1/os-hosts',
                            timeout=5).status_code in (200, 401)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(20)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class SharedServerTestCase(testtools.TestCase):
    """Tests of a class share one promise-server (see Server)."""

    server = None

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()
            cls.server = None
        super().tearDownClass()

    def start_server(self):
        if type(self).server is None:
            type(self).server = Server()
        self.url = self.server.url


class TestOpenStackClient(SharedServerTestCase):

    def setUp(self):
        super().setUp()
        if not os.path.exists(OPENSTACK):
            services.unavailable(self, 'python-openstackclient',
                                 '%s is not installed' % OPENSTACK)
        self.start_server()

    def openstack(self, *args):
        # The endpoint is given without /v1 here and with it in the docs:
        # the client takes both.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env['PYTHONWARNINGS'] = 'ignore'
        return subprocess.run(
            [OPENSTACK, '--os-auth-type', 'none', '--os-endpoint',
             self.url + '/v1', 'reservation', *args],
            capture_output=True, text=True, env=env, timeout=120)

    def ok(self, *args):
        result = self.openstack(*args)
        self.assertEqual(0, result.returncode,
                         'openstack %s: %s' % (' '.join(args),
                                               result.stderr))
        return json.loads(result.stdout) if '-f' in args else result

    def in_parallel(self, *calls):
        with futures.ThreadPoolExecutor(len(calls)) as pool:
            return list(pool.map(lambda call: call[0](*call[1:]), calls))

    def lease(self, body):
        resp = requests.post(self.url + '/v1/leases', json=body, timeout=30)
        self.assertEqual(201, resp.status_code, resp.text)
        return resp.json()['lease']

    def test_lease_lifecycle_by_name(self):
        window = ['--start-date', '2031-01-05 08:00',
                  '--end-date', '2031-01-06 08:00']
        instance, hosts = self.in_parallel(
            (self.ok, 'lease', 'create', 'vnf-a', *window, '--reservation',
             'resource_type=virtual:instance,amount=1,vcpus=4,'
             'memory_mb=8192,disk_gb=40,affinity=false', '-f', 'json'),
            (self.ok, 'lease', 'create', 'hosts-b', *window,
             '--physical-reservation',
             'min=1,max=1,resource_properties=["=", "$server_type", "big"]',
             '-f', 'json'))
        self.assertEqual('PENDING', instance['status'])
        self.assertEqual([('virtual:instance', 1, False)],
                         [(r['resource_type'], r['amount'], r['affinity'])
                          for r in instance['reservations']])
        self.assertEqual([('physical:host', 1, 1)],
                         [(r['resource_type'], r['min'], r['max'])
                          for r in hosts['reservations']])

        listed, shown, refused, host_list, pool_list = self.in_parallel(
            (self.ok, 'lease', 'list', '--resource-type',
             'physical:host', '-f', 'json'),
            (self.ok, 'lease', 'show', 'vnf-a', '-f', 'json'),
            (self.openstack, 'lease', 'create', 'too-big', *window,
             '--reservation', 'resource_type=physical:host,min=3,max=3'),
            (self.ok, 'host', 'list', '-f', 'json'),
            (self.ok, 'pool', 'list', '-f', 'json'))
        # The server is shared by the class: other tests' leases may be
        # listed too, but never a lease of another resource type.
        rows = [(row['Name'], row['ID'], row['Status']) for row in listed]
        self.assertIn(('hosts-b', hosts['id'], 'PENDING'), rows)
        self.assertNotIn('vnf-a', [row[0] for row in rows])
        self.assertEqual(instance['id'], shown['id'])
        self.assertEqual(1, refused.returncode)
        self.assertEqual('', refused.stdout)
        line = refused.stderr.strip()
        self.assertEqual(1, len(line.splitlines()), line)
        self.assertIn('CannotBeMet (HTTP 409): Not enough capacity', line)
        self.assertIn('Max reservable: #0 physical:host ', line)
        self.assertIn('Next window: 2031-01-06 08:00 to 2031-01-07 08:00',
                      line)
        self.assertEqual(['server-a', 'server-b', 'server-c'],
                         sorted(h['Hypervisor hostname'] for h in host_list))
        self.assertEqual({'all': 3, 'nova': 3},
                         {p['Name']: p['Hosts'] for p in pool_list})

        changed = self.ok('lease', 'set', 'hosts-b', '--name', 'hosts-c',
                          '--prolong-for', '2h', '-f', 'json')
        self.assertEqual(('hosts-c', '2031-01-06T10:00:00.000000'),
                         (changed['name'], changed['end_date']))
        self.ok('lease', 'delete', 'hosts-c')
        resp = requests.get(self.url + '/v1/leases', timeout=30)
        names = [ls['name'] for ls in resp.json()['leases']]
        self.assertIn('vnf-a', names)
        self.assertNotIn('hosts-c', names)

    def test_capacity_and_availability(self):
        # server-c, the small host (4 VCPU of 20), for one day.
        self.lease({'name': 'small', 'start_date': '2031-03-01 08:00',
                    'end_date': '2031-03-02 08:00',
                    'reservations': [{
                        'resource_type': 'physical:host', 'min': 1,
                        'max': 1, 'resource_properties':
                            '["=", "$server_type", "small"]'}]})
        window = ['--start-date', '2031-03-01 00:00',
                  '--end-date', '2031-03-03 00:00']
        summary, timeline, found = self.in_parallel(
            (self.ok, 'capacity', 'show', *window, '--resource-class',
             'VCPU', '--resource-class', 'INSTANCES', '-f', 'json'),
            (self.ok, 'capacity', 'show', *window, '--pool', 'all',
             '--resource-class', 'VCPU', '--timeline', '-f', 'json'),
            (self.ok, 'availability', 'find',
             '--start-date', '2031-03-01 08:00', '--duration', '1d',
             '--limit', '2', '--reservation',
             'resource_type=physical:host,min=3,max=3', '-f', 'json'))
        self.assertEqual(
            {'VCPU': (20, 4, 16), 'INSTANCES': (20, 4, 16)},
            {r['Resource class']: (r['Total'], r['Reserved'],
                                   r['Available']) for r in summary})
        self.assertEqual(
            [('2031-03-01 00:00', 20), ('2031-03-01 08:00', 16),
             ('2031-03-02 08:00', 20)],
            [(row['Time'], row['VCPU']) for row in timeline])
        self.assertEqual(
            [{'start_date': '2031-03-02T08:00:00.000000',
              'end_date': '2031-03-03T08:00:00.000000'},
             {'start_date': '2031-03-03T08:00:00.000000',
              'end_date': '2031-03-04T08:00:00.000000'}],
            found['windows'])
        self.assertEqual([{'index': 0, 'resource_type': 'physical:host',
                           'max': 2}], found['max_reservable'])

    def test_capacity_adjustments(self):
        created = self.ok(
            'capacity', 'adjustment', 'create', '--host', 'server-a',
            '--amount', 'VCPU=4', '--start-date', '2031-05-01 00:00',
            '--end-date', '2031-05-02 00:00', '--reason', 'upgrade',
            '-f', 'json')
        self.assertEqual(({'VCPU': 4}, 'upgrade'),
                         (created['amounts'], created['reason']))
        listed = self.ok('capacity', 'adjustment', 'list', '--host',
                         'server-a', '-f', 'json')
        self.assertIn(created['id'], [row['ID'] for row in listed])
        self.ok('capacity', 'adjustment', 'delete', created['id'])
        resp = requests.get(self.url + '/v1/capacity/adjustments',
                            timeout=30)
        self.assertNotIn(created['id'],
                         [a['id'] for a in resp.json()['adjustments']])

    def test_placement_policies(self):
        rule_file = os.path.join(self.server.dir, 'energy.dl')
        with open(rule_file, 'w') as f:
            f.write('underused(server) :- nova:node(server, "big"),\n'
                    '    server_utilization(server, util), lt(util, 50)\n')
        created = self.ok('policy', 'create', 'osc-energy', '--rule',
                          '@' + rule_file, '--rule',
                          'error(s) :- underused(s), underused(t), '
                          'neq(s, t)', '-f', 'json')
        self.assertEqual('osc-energy', created['name'])
        shown, listed, tables, rows, refused = self.in_parallel(
            (self.ok, 'policy', 'show', 'osc-energy', '-f', 'json'),
            (self.ok, 'policy', 'list', '-f', 'json'),
            (self.ok, 'policy', 'table', 'list', '-f', 'json'),
            (self.ok, 'policy', 'table', 'show', 'nova:node', '-f', 'json'),
            (self.openstack, 'policy', 'rule', 'create', 'osc-energy',
             'error(x) :- nova:node(y, "big")'))
        self.assertEqual(2, len(shown['rules']))
        self.assertIn(('osc-energy', 2),
                      [(p['Name'], p['Rules']) for p in listed])
        self.assertIn(('nova:node', 'server, type', 3),
                      [(t['Name'], t['Columns'], t['Rows']) for t in tables])
        self.assertEqual([['server-a', 'big'], ['server-b', 'big'],
                          ['server-c', 'small']],
                         sorted([r['col0'], r['col1']] for r in rows))
        self.assertEqual(1, refused.returncode)
        line = refused.stderr.strip()
        self.assertEqual(1, len(line.splitlines()), line)
        self.assertIn('InvalidPolicy (HTTP 400)', line)
        self.assertIn('x', line)
        # Both idle "big" servers are under 50 %: each breaks the policy.
        violations = self.ok('policy', 'violation', 'list', '--policy',
                             'osc-energy', '-f', 'json')
        self.assertEqual([('osc-energy', 'server-a'),
                          ('osc-energy', 'server-b')],
                         sorted((v['Policy'], v['Row']) for v in violations))
        self.ok('policy', 'delete', 'osc-energy')
        self.assertEqual([], [p for p in self.ok('policy', 'list', '-f',
                                                 'json')
                              if p['Name'] == 'osc-energy'])
