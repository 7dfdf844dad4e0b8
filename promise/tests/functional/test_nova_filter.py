"""PromiseFilter run by the real nova-scheduler against a real Promise.

Each test starts promise-server (SQLite, noauth, simulated VIM whose two
hosts match Nova's fake computes), then runs one scenario in a child
process with Nova's in-process functional base: API, conductor,
scheduler (with PromiseFilter enabled through nova.conf) and two
fake-driver computes, Placement included. The filter reaches Promise over
HTTP with ``auth_type = none`` and ``endpoint_override``; the scenarios
create leases through Promise's REST API.

The child and its reasons are described in nova_stack; this module
imports nothing that loads Promise's configuration.
"""
import datetime
import os

import fixtures
import requests
import testtools

from promise.tests.functional import nova_stack
from promise.tests.functional import processes

# Nova's MediumFakeDriver: 10 vCPUs, 8 GiB, 1028 GB, with Nova's initial
# allocation ratios (4.0 for VCPU, 1.0 for the others).
TOPOLOGY = """\
name: nova-fake-computes
availability_zone: nova
allocation_ratios: {VCPU: 4.0}
server_types:
  fake: {vcpus: 10, memory_mb: 8192, local_gb: 1028}
hosts:
  - {name: host1, server_type: fake}
  - {name: host2, server_type: fake}
"""

# Flavors of Nova's functional base: vCPUs, MiB of RAM, GB of disk.
TINY = '1'      # 1, 512, 1
SMALL = '2'     # 1, 2048, 20
MEDIUM = '3'    # 2, 4096, 40


class TestNovaFilter(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.Timeout(
            int(os.environ.get('OS_TEST_TIMEOUT', 240)), gentle=True))
        tmp = self.useFixture(fixtures.TempDir()).path
        topology = os.path.join(tmp, 'topology.yaml')
        with open(topology, 'w') as f:
            f.write(TOPOLOGY)
        self.config = self.useFixture(processes.ServiceConfig(
            'sqlite:///%s' % os.path.join(tmp, 'promise.sqlite'), 'fake://',
            extra={'simulated.topology_file': topology}))
        server = self.useFixture(processes.Process(self.config,
                                                   'promise-server'))
        processes.wait_for(
            lambda: len(requests.get(self.config.url + '/v1/os-hosts',
                                     timeout=2).json()['hosts']) == 2,
            what='promise-server with its two hosts\n' + server.output())

    def _run(self, *scenarios):
        nova_stack.run_child(self, __name__, ','.join(scenarios),
                             self.config.url)

    def test_calendar_api(self):
        url = self.config.url + '/v1/calendar'
        resp = requests.get(url, timeout=10)
        self.assertEqual(200, resp.status_code, resp.text)
        calendar = resp.json()['calendar']
        self.assertEqual({'host1', 'host2'}, set(calendar['hosts']))
        self.assertEqual([40, 8192, 1028, 10],
                         calendar['hosts']['host1']['capacity'])
        etag = resp.headers['ETag']
        again = requests.get(url, headers={'If-None-Match': etag},
                             timeout=10)
        self.assertEqual(304, again.status_code)
        self.assertEqual(b'', again.content)
        self.assertEqual(etag, again.headers['ETag'])
        _Promise(self.config.url).lease(_when(hours=1), _when(hours=2),
                                        _Promise.whole_host('host2'))
        changed = requests.get(url, headers={'If-None-Match': etag},
                               timeout=10)
        self.assertEqual(200, changed.status_code)
        self.assertNotEqual(etag, changed.headers['ETag'])
        self.assertEqual(3, len(changed.json()['calendar']['hosts'][
            'host2']['t']))
        # Administrators only, by default.
        denied = requests.get(url, headers={'X-Roles': 'reader'},
                              timeout=10)
        self.assertEqual(403, denied.status_code)
        bad = requests.get(url + '?when=now', timeout=10)
        self.assertEqual(400, bad.status_code)

    # Scenarios run two by two: each child pays for importing Nova once.

    def test_boots_around_future_reservations(self):
        self._run('test_future_reservation_of_a_whole_host',
                  'test_boot_fits_beside_a_reservation')

    def test_reservation_hint_and_unreachable_promise(self):
        self._run('test_reservation_hint', 'test_promise_unreachable',
                  'test_proactive_policy')


# -- what runs in the child ---------------------------------------------

def _when(**delta):
    return (datetime.datetime.now(datetime.timezone.utc) +
            datetime.timedelta(**delta))


class _Promise:
    """Promise's REST API, as the scenarios use it."""

    def __init__(self, url):
        self.url = url.rstrip('/')

    def lease(self, start, end, reservation):
        body = {'name': 'nova-filter', 'reservations': [reservation],
                'start_date': start if isinstance(start, str) else
                start.strftime('%Y-%m-%d %H:%M'),
                'end_date': end.strftime('%Y-%m-%d %H:%M')}
        resp = requests.post(self.url + '/v1/leases', json=body,
                             timeout=10)
        assert resp.status_code == 201, resp.text
        return resp.json()['lease']

    def clear(self):
        for lease in requests.get(self.url + '/v1/leases',
                                  timeout=10).json()['leases']:
            requests.delete('%s/v1/leases/%s' % (self.url, lease['id']),
                            timeout=10)

    def status(self, lease_id):
        return requests.get('%s/v1/leases/%s' % (self.url, lease_id),
                            timeout=10).json()['lease']['status']

    def policy(self, name, rules):
        resp = requests.post(self.url + '/v1/policies', json={
            'name': name, 'proactive': True,
            'rules': [{'rule': r} for r in rules]}, timeout=10)
        assert resp.status_code == 201, resp.text
        return resp.json()['policy']['id']

    def delete_policy(self, policy_id):
        requests.delete('%s/v1/policies/%s' % (self.url, policy_id),
                        timeout=10)

    @staticmethod
    def whole_host(name):
        return {'resource_type': 'physical:host', 'min': 1, 'max': 1,
                'hypervisor_properties':
                    '["=", "$hypervisor_hostname", "%s"]' % name}

    @staticmethod
    def instances_on(name, amount, memory_mb):
        return {'resource_type': 'virtual:instance', 'amount': amount,
                'vcpus': 1, 'memory_mb': memory_mb, 'disk_gb': 10,
                'affinity': True,
                'resource_properties':
                    '["=", "$hypervisor_hostname", "%s"]' % name}


def _scenarios(promise_url):
    """The Nova test case, defined only where Nova is imported."""
    from promise.nova import conf as promise_conf
    from promise.nova.scheduler import filters as promise_filters  # noqa

    class Scenarios(nova_stack.two_fake_computes()):

        def setUp(self):
            self.flags(available_filters=[
                'nova.scheduler.filters.all_filters',
                'promise.nova.scheduler.filters.PromiseFilter'],
                enabled_filters=['ComputeFilter', 'PromiseFilter'],
                group='filter_scheduler')
            self.flags(auth_type='none', endpoint_override=promise_url,
                       cache_ttl=0, fail_mode=promise_conf.FAIL_OPEN,
                       group=promise_conf.GROUP)
            self.promise = _Promise(promise_url)
            # Scenarios share one Promise: start from no lease.
            self.promise.clear()
            super().setUp()

        def _boot(self, hints=None, state='ACTIVE', flavor=SMALL):
            body = {'server': self._build_server(flavor_id=flavor,
                                                 networks='none')}
            if hints:
                body['os:scheduler_hints'] = hints
            server = self.api.post_server(body)
            return self._wait_for_state_change(server, state)

        def _host(self, server):
            return server['OS-EXT-SRV-ATTR:host']

        def _seed(self, flavor=SMALL):
            """Boot one server; return (its host, the other host). Nova's
            weighers then prefer the other host, which has more free
            RAM, so landing on the seeded one is the filter's doing."""
            seeded = self._host(self._boot(flavor=flavor))
            return seeded, ({'host1', 'host2'} - {seeded}).pop()

        def assertNoValidHost(self, server):
            self.assertIn('No valid host', server['fault']['message'])

        def test_future_reservation_of_a_whole_host(self):
            seeded, other = self._seed()
            self.promise.lease(_when(hours=1), _when(hours=2),
                               _Promise.whole_host(other))
            # Open-ended: it would still run when the reservation needs the
            # whole host.
            self.assertEqual(seeded, self._host(self._boot()))
            # Ending before the reservation starts: the reserved host is
            # fine, and preferred.
            end = _when(minutes=30).isoformat()
            self.assertEqual(other, self._host(self._boot(
                {'promise:end': end})))
            # Preemptible: may use the reserved capacity.
            self.assertEqual(other, self._host(self._boot(
                {'promise:preemptible': 'true'})))

        def test_boot_fits_beside_a_reservation(self):
            seeded, other = self._seed(MEDIUM)
            # Half the host's memory is reserved for later: an open-ended
            # instance still fits beside it.
            self.promise.lease(_when(hours=1), _when(hours=2),
                               _Promise.instances_on(other, 1, 4096))
            self.assertEqual(other, self._host(self._boot(flavor=TINY)))
            # Nova would still pick the emptier host for 4 GiB more, which
            # would leave the reservation short.
            self.assertEqual(seeded, self._host(self._boot(flavor=MEDIUM)))

        def test_reservation_hint(self):
            seeded, other = self._seed()
            running = self.promise.lease('now', _when(hours=2),
                                         _Promise.whole_host(seeded))
            future = self.promise.lease(_when(hours=3), _when(hours=4),
                                        _Promise.whole_host(other))
            for _ in range(100):
                if self.promise.status(running['id']) == 'ACTIVE':
                    break
                self._wait(0.2)
            self.assertEqual('ACTIVE', self.promise.status(running['id']))
            hint = {'reservation': running['reservations'][0]['id']}
            # Only the reservation's host, though Nova prefers the other.
            self.assertEqual(seeded, self._host(self._boot(hint)))
            self.assertEqual(seeded, self._host(self._boot(hint)))
            # A reservation that has not started takes no instance.
            hint = {'reservation': future['reservations'][0]['id']}
            self.assertNoValidHost(self._boot(hint, 'ERROR'))

        def test_promise_unreachable(self):
            from promise.tests.functional import processes
            closed = 'http://127.0.0.1:%d' % processes.free_port()
            self.flags(endpoint_override=closed, timeout=2,
                       fail_mode=promise_conf.FAIL_CLOSED,
                       group=promise_conf.GROUP)
            self.assertNoValidHost(self._boot(state='ERROR'))
            self.flags(fail_mode=promise_conf.FAIL_OPEN,
                       group=promise_conf.GROUP)
            self._boot()

        def test_proactive_policy(self):
            seeded, other = self._seed()
            # A proactive policy keeps the "batch" HA group off the host
            # Nova would pick: a boot in that group goes to the other.
            policy = self.promise.policy('no-batch-on-' + other, [
                'error(vm) :- anti_affinity_group(vm, "batch"), '
                'vm_host_mapping(vm, "%s")' % other])
            try:
                self.assertEqual(seeded, self._host(self._boot(
                    {'promise:ha_group': 'batch'})))
                # A boot in no group is none of the policy's business.
                self.assertEqual(other, self._host(self._boot()))
            finally:
                self.promise.delete_policy(policy)

        @staticmethod
        def _wait(seconds):
            import time
            time.sleep(seconds)

    return Scenarios


def run_scenario(names, promise_url):
    """Run scenarios (comma-separated names) in this child process; 0 when
    all passed."""
    return nova_stack.run_tests(_scenarios(promise_url), names)
