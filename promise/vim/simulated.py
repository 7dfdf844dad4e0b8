"""A VIM driver that simulates a data centre described by a topology file,
so that every Promise flow runs without a cloud."""
from promise.conf import CONF
from promise.vim import base
from promise.vim import topology


class SimulatedDriver(base.VIMDriver):
    def __init__(self, topology_file=None):
        self.topology = topology.load(topology_file or
                                      CONF.simulated.topology_file)

    def list_hosts(self):
        return list(self.topology.hosts)

    def list_flavors(self):
        return list(self.topology.flavors)
