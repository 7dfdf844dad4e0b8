import collections
import os

import fixtures

from promise.tests import base
from promise.vim import simulated
from promise.vim import topology


class TestMiniNFVDC(base.TestCase):
    def test_seed_figures(self):
        topo = topology.load()
        self.assertEqual(210, len(topo.hosts))
        types = collections.Counter(h.properties['server_type']
                                    for h in topo.hosts)
        self.assertEqual(55, types['type1'])
        self.assertEqual(4, len(types))
        racks = collections.Counter(h.properties['rack'] for h in topo.hosts)
        self.assertEqual(10, len(racks))
        type1 = [h for h in topo.hosts
                 if h.properties['server_type'] == 'type1'][0]
        self.assertEqual((32, 131072), (type1.vcpus, type1.memory_mb))
        flavors = {f.name: f for f in topo.flavors}
        self.assertEqual((4, 16384), (flavors['large.2'].vcpus,
                                      flavors['large.2'].ram))
        self.assertEqual((8, 32768), (flavors['large.3'].vcpus,
                                      flavors['large.3'].ram))

    def test_driver_reads_configured_file(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(tmp, 'small.yaml')
        with open(path, 'w') as f:
            f.write('server_types:\n  t: {vcpus: 8, memory_mb: 1024}\n'
                    'hosts:\n  - {name: server-a, server_type: t}\n'
                    '  - {name: server-b, server_type: t, rack: r1}\n'
                    'flavors:\n  tiny: {vcpus: 1, ram: 512}\n')
        self.conf.set_override('topology_file', path, group='simulated')
        driver = simulated.SimulatedDriver()
        self.assertEqual(['server-a', 'server-b'],
                         [h.hypervisor_hostname for h in driver.list_hosts()])
        self.assertEqual('r1', driver.list_hosts()[1].properties['rack'])
        self.assertEqual(['tiny'], [f.name for f in driver.list_flavors()])

    def test_errors_are_clear(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(tmp, 'bad.yaml')
        with open(path, 'w') as f:
            f.write('server_types: {}\n'
                    'hosts:\n  - {name: a, server_type: x}\n')
        exc = self.assertRaises(topology.TopologyError, topology.load, path)
        self.assertIn('unknown server type x', str(exc))
        with open(path, 'w') as f:
            f.write('server_types:\n  x: {vcpus: 1, memory_mb: 1}\n'
                    'hosts:\n  - {name: a, server_type: x}\n'
                    '  - {name: a, server_type: x}\n')
        exc = self.assertRaises(topology.TopologyError, topology.load, path)
        self.assertIn('unique', str(exc))
        self.assertRaises(topology.TopologyError, topology.load,
                          os.path.join(tmp, 'missing.yaml'))
