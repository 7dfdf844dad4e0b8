"""Measurement sources and the collector's sliding window."""
import http.server
import json
import threading
import time

import testtools

from promise.measurements import allocation
from promise.measurements import base
from promise.measurements import collector
from promise.measurements import prometheus
from promise.measurements import simulated as simulated_source
from promise.tests import base as test_base
from promise.vim import simulated


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class _Source:
    def __init__(self, samples):
        self.samples = list(samples)

    def sample(self):
        return self.samples.pop(0)


class TestCollector(testtools.TestCase):
    def test_average_over_the_window_only(self):
        clock = _Clock()
        source = _Source([base.Sample({'h': 20.0}), base.Sample({'h': 40.0}),
                          base.Sample({'h': 90.0})])
        c = collector.Collector(source, window=60, clock=clock)
        c.collect()
        clock.now += 30
        c.collect()
        self.assertEqual({'h': 30.0}, c.server_utilization())
        clock.now += 45          # the first sample leaves the window
        c.collect()
        self.assertEqual({'h': 65.0}, c.server_utilization())

    def test_a_new_placement_starts_the_average_afresh(self):
        clock = _Clock()
        vms = frozenset({'vm-1', 'vm-2'})
        source = _Source([
            base.Sample({'h': 50.0}, placement={'h': vms}),
            base.Sample({'h': 50.0}, placement={'h': vms}),
            base.Sample({'h': 25.0}, placement={'h': frozenset({'vm-1'})})])
        c = collector.Collector(source, window=600, clock=clock)
        c.collect()
        clock.now += 10
        c.collect()
        clock.now += 10
        c.collect()
        # The VM that left makes the older samples meaningless for h.
        self.assertEqual({'h': 25.0}, c.server_utilization())

    def test_no_samples(self):
        c = collector.Collector(_Source([]), window=60)
        self.assertEqual({}, c.server_utilization())
        self.assertFalse(c.has_samples())


class TestAllocationSources(test_base.TestCase):
    def setUp(self):
        super().setUp()
        self.conf.set_override('boot_delay', 0, group='simulated')
        self.driver = simulated.SimulatedDriver()
        self.addCleanup(self.driver.stop)
        self.host = self.driver.list_hosts()[0]

    def boot(self, name, flavor, **metadata):
        server_id = self.driver.create_server(
            name, flavor, host=self.host.hypervisor_hostname,
            metadata=metadata)
        deadline = time.monotonic() + 10
        while self.driver.get_server(server_id).state != 'ACTIVE':
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)
        return server_id

    def test_flavor_shares(self):
        flavor = self.driver.list_flavors()[0]
        vm = self.boot('a', flavor.name)
        sample = allocation.AllocationSource(self.driver).sample()
        expected = (100.0 * flavor.vcpus / self.host.vcpus +
                    100.0 * flavor.ram / self.host.memory_mb) / 2
        name = self.host.hypervisor_hostname
        self.assertAlmostEqual(expected, sample.servers[name])
        self.assertAlmostEqual(expected, sample.vms[vm])
        self.assertEqual(frozenset({vm}), sample.placement[name])
        other = self.driver.list_hosts()[1].hypervisor_hostname
        self.assertEqual(0.0, sample.servers[other])

    def test_simulated_load_from_metadata(self):
        flavor = self.driver.list_flavors()[0]
        self.boot('idle', flavor.name, load='0.5')
        self.boot('odd', flavor.name, load='not a number')
        full = allocation.AllocationSource(self.driver).sample()
        half = simulated_source.SimulatedSource(self.driver).sample()
        name = self.host.hypervisor_hostname
        self.assertAlmostEqual(full.servers[name] * 0.75,
                               half.servers[name])


class _Prometheus(http.server.BaseHTTPRequestHandler):
    body = {}

    def do_GET(self):
        data = json.dumps(self.body).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class TestPrometheusSource(test_base.TestCase):
    def serve(self, body):
        handler = type('Handler', (_Prometheus,), {'body': body})
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        return 'http://127.0.0.1:%d' % server.server_address[1]

    def test_vector_by_instance(self):
        url = self.serve({'status': 'success', 'data': {
            'resultType': 'vector', 'result': [
                {'metric': {'instance': 'server-a:9100'},
                 'value': [1700000000, '62.5']},
                {'metric': {'instance': 'server-b'},
                 'value': [1700000000, '37.5']},
                {'metric': {}, 'value': [1700000000, 'bad']}]}})
        source = prometheus.PrometheusSource(url=url)
        self.assertEqual({'server-a': 62.5, 'server-b': 37.5},
                         source.sample().servers)

    def test_error_answer(self):
        url = self.serve({'status': 'error', 'error': 'parse error'})
        source = prometheus.PrometheusSource(url=url)
        error = self.assertRaises(prometheus.MeasurementError,
                                  source.sample)
        self.assertIn('parse error', str(error))

    def test_unset_url(self):
        self.assertRaises(prometheus.MeasurementError,
                          prometheus.PrometheusSource)


class TestCollectIfDue(testtools.TestCase):
    def test_interval_and_invalidation(self):
        clock = _Clock()
        source = _Source([base.Sample({'h': v}) for v in (10.0, 20.0, 30.0)])
        c = collector.Collector(source, window=600, clock=clock)
        self.assertIsNotNone(c.collect_if_due(30))
        clock.now += 10
        self.assertIsNone(c.collect_if_due(30))      # too soon
        c.invalidate()                               # VMs moved
        self.assertIsNotNone(c.collect_if_due(30))
        clock.now += 31
        self.assertIsNotNone(c.collect_if_due(30))
        self.assertEqual([], source.samples)
