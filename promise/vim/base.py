"""The contract every VIM driver implements."""
import abc
import dataclasses


@dataclasses.dataclass(frozen=True)
class HostInfo:
    """A hypervisor as the VIM reports it."""
    hypervisor_hostname: str
    vcpus: int
    memory_mb: int
    local_gb: int
    hypervisor_type: str | None = None
    hypervisor_version: int | None = None
    service_name: str | None = None
    availability_zone: str | None = None
    state: str = 'up'
    properties: dict = dataclasses.field(default_factory=dict)
    allocation_ratios: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class FlavorInfo:
    name: str
    vcpus: int
    ram: int
    disk: int


class VIMDriver(abc.ABC):
    """What Promise needs from a virtual infrastructure manager."""

    @abc.abstractmethod
    def list_hosts(self):
        """Return the hypervisors as a list of HostInfo."""

    @abc.abstractmethod
    def list_flavors(self):
        """Return the flavors as a list of FlavorInfo."""
