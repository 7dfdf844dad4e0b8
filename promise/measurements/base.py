"""The contract of a measurement source."""
import abc
import dataclasses

# Overall utilization is the mean, over these resource classes, of the
# share of a server's capacity in use: for the draft's type-1 server
# (32 vCPU, 128 GB) a large.2 is 12.5 % and a large.3 25 %.
UTILIZATION_RESOURCES = ('vcpus', 'memory_mb')


@dataclasses.dataclass
class Sample:
    """Utilization in percent per server (hypervisor host name) and per
    VM (server id) at one instant."""
    servers: dict
    vms: dict = dataclasses.field(default_factory=dict)
    # The VMs on each server when the sample was taken, where the source
    # knows them: an average over samples of another placement says
    # nothing of this one, so the collector starts such a server afresh.
    placement: dict = dataclasses.field(default_factory=dict)


class MeasurementSource(abc.ABC):
    def __init__(self, vim_driver=None):
        self.vim_driver = vim_driver

    @abc.abstractmethod
    def sample(self):
        """Return a Sample of now."""


def share(amounts, capacity):
    """Percent of ``capacity`` that ``amounts`` take, averaged over
    UTILIZATION_RESOURCES (resources a server lacks are left out)."""
    parts = [100.0 * amounts.get(rc, 0) / capacity[rc]
             for rc in UTILIZATION_RESOURCES if capacity.get(rc)]
    return sum(parts) / len(parts) if parts else 0.0
