"""The contract every VIM driver implements.

A driver speaks for one provider (one VIM endpoint). The manager calls it
from its own threads; a driver must be safe to call from several threads at
once. Long operations (boot, delete, migrate) return as soon as the VIM has
accepted them: their outcome arrives later as a VIMEvent, exactly as Nova
reports it through its versioned notifications, so the manager has one code
path whatever the driver.
"""
import abc
import dataclasses
import datetime

# Server states as Promise records them (Nova's vm_state vocabulary, upper
# case, as in OPNFV Promise's instance records).
BUILDING = 'BUILDING'
ACTIVE = 'ACTIVE'
ERROR = 'ERROR'
DELETED = 'DELETED'
SHELVED = 'SHELVED'
MIGRATING = 'MIGRATING'

# Event types: the names of Nova's versioned notifications.
INSTANCE_CREATE_END = 'instance.create.end'
INSTANCE_CREATE_ERROR = 'instance.create.error'
INSTANCE_DELETE_END = 'instance.delete.end'
INSTANCE_UPDATE = 'instance.update'
INSTANCE_SHELVE_END = 'instance.shelve_offload.end'
INSTANCE_LIVE_MIGRATION_END = 'instance.live_migration_post.end'
INSTANCE_LIVE_MIGRATION_ERROR = 'instance.live_migration_abort.end'
SERVICE_UPDATE = 'service.update'


class VIMError(Exception):
    """The VIM refused or failed an operation; the message says why."""


class ServerNotFound(VIMError):
    pass


class FlavorNotFound(VIMError):
    pass


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
    id: str | None = None


@dataclasses.dataclass(frozen=True)
class ServerInfo:
    """A server (VM) as the VIM reports it."""
    id: str
    name: str
    state: str
    host: str | None = None        # hypervisor_hostname, once placed
    flavor: str | None = None      # flavor name
    vcpus: int = 0
    memory_mb: int = 0
    disk_gb: int = 0
    project_id: str | None = None
    metadata: dict = dataclasses.field(default_factory=dict)
    fault: str | None = None


@dataclasses.dataclass(frozen=True)
class ServiceInfo:
    """A compute service: whether its host can run servers."""
    host: str                      # hypervisor_hostname it serves
    state: str = 'up'              # up | down
    status: str = 'enabled'        # enabled | disabled
    reason: str | None = None


@dataclasses.dataclass(frozen=True)
class VIMEvent:
    """Something the VIM did, named as Nova's versioned notifications are.

    ``host`` is the hypervisor_hostname the server is on once the event
    is over (the destination after a live migration; None once
    offloaded), or, for SERVICE_UPDATE, the hypervisor the service runs.
    ``payload`` holds the VIM's own data; for SERVICE_UPDATE it has
    ``status`` (enabled | disabled) and ``reason``, as ServiceInfo does,
    and ``state`` is 'down' only when the service was forced down.
    """
    event_type: str
    server_id: str | None = None
    host: str | None = None
    state: str | None = None
    fault: str | None = None
    payload: dict = dataclasses.field(default_factory=dict)
    timestamp: datetime.datetime = dataclasses.field(
        default_factory=lambda: datetime.datetime.now(
            datetime.UTC).replace(tzinfo=None))


class VIMDriver(abc.ABC):
    """What Promise needs from a virtual infrastructure manager."""

    @abc.abstractmethod
    def list_hosts(self):
        """Return the hypervisors as a list of HostInfo."""

    @abc.abstractmethod
    def list_flavors(self):
        """Return the flavors as a list of FlavorInfo."""

    def list_services(self):
        """Return the compute services as a list of ServiceInfo."""
        return [ServiceInfo(host=h.hypervisor_hostname, state=h.state)
                for h in self.list_hosts()]

    def list_servers(self):
        """Return every server as a list of ServerInfo."""
        raise NotImplementedError()

    def get_server(self, server_id):
        """Return one ServerInfo; raise ServerNotFound when it is gone."""
        raise NotImplementedError()

    def create_server(self, name, flavor, image=None, networks=None,
                      host=None, scheduler_hints=None, metadata=None):
        """Ask the VIM to boot a server and return its id at once.

        ``host`` pins the server to a hypervisor (admin only in Nova);
        ``scheduler_hints`` are passed to the VIM's scheduler. The outcome
        arrives as INSTANCE_CREATE_END or INSTANCE_CREATE_ERROR.
        Raise FlavorNotFound or VIMError when the request is refused.
        """
        raise NotImplementedError()

    def delete_server(self, server_id):
        """Ask the VIM to delete a server; INSTANCE_DELETE_END follows."""
        raise NotImplementedError()

    def live_migrate_server(self, server_id, host):
        """Move a running server to ``host``; INSTANCE_LIVE_MIGRATION_END
        (or _ERROR) follows."""
        raise NotImplementedError()

    def shelve_server(self, server_id):
        """Shelve and offload a server, freeing its host's capacity."""
        raise NotImplementedError()

    def subscribe(self, callback):
        """Call ``callback(VIMEvent)`` for every event from now on.

        Return a callable that cancels the subscription.
        """
        raise NotImplementedError()

    def start(self):
        """Start whatever listens for the VIM's events."""

    def stop(self):
        """Stop listening; pending work may be dropped."""
