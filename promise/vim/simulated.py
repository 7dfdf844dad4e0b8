"""A VIM driver that simulates a data centre described by a topology file,
so that every Promise flow runs without a cloud.

Servers live in memory on the topology's hosts. Boots, deletions,
migrations and shelves are accepted at once and finish after a delay on a
timer thread, which then emits the VIMEvent Nova's versioned notification
would carry. Failures can be injected: a boot fails with a given
probability (seedable) or always on a "failing" host, and hosts can be
taken down and brought back (``set_host_state``), which emits
``service.update`` as Nova does.
"""
import dataclasses
import random
import threading

from oslo_log import log as logging
from oslo_utils import uuidutils

from promise.conf import CONF
from promise.vim import base
from promise.vim import topology

LOG = logging.getLogger(__name__)

# What a real provider's config holds: accepted and ignored, so that a
# simulated provider is configured like a real one.
_ENDPOINT = {'auth_url', 'region', 'region_name', 'username', 'password',
             'project_name', 'user_domain_name', 'project_domain_name',
             'application_credential_id', 'application_credential_secret',
             'token', 'auth', 'cloud', 'insecure', 'cacert'}
_OPTIONS = ('boot_delay', 'delete_delay', 'migrate_delay',
            'boot_failure_rate', 'seed', 'failing_hosts')


@dataclasses.dataclass
class _Server:
    id: str
    name: str
    flavor: base.FlavorInfo
    host: str | None
    state: str
    project_id: str | None = None
    metadata: dict = dataclasses.field(default_factory=dict)
    fault: str | None = None
    # An operation in progress (delete, migrate, shelve) or None.
    task: str | None = None

    def info(self):
        return base.ServerInfo(
            id=self.id, name=self.name, state=self.state, host=self.host,
            flavor=self.flavor.name, vcpus=self.flavor.vcpus,
            memory_mb=self.flavor.ram, disk_gb=self.flavor.disk,
            project_id=self.project_id, metadata=dict(self.metadata),
            fault=self.fault)


class SimulatedDriver(base.VIMDriver):
    def __init__(self, topology_file=None, **options):
        """``options`` override the [simulated] options of the same name
        (a provider's config passes them)."""
        unknown = set(options) - set(_OPTIONS) - _ENDPOINT
        if unknown:
            raise base.VIMError('unknown simulated driver option(s): %s'
                                % ', '.join(sorted(unknown)))
        self.topology = topology.load(topology_file or
                                      CONF.simulated.topology_file)

        self._options = options
        self._random = random.Random(self._opt('seed'))
        self._lock = threading.RLock()
        self._hosts = {h.hypervisor_hostname: h for h in self.topology.hosts}
        self._flavors = {f.name: f for f in self.topology.flavors}
        self._states = {name: 'up' for name in self._hosts}
        self._reasons = {}
        self._failing = set(self._opt('failing_hosts') or ())
        self._servers = {}
        self._subscribers = []
        self._timers = set()
        self._stopped = False

    def _opt(self, name):
        # Read when used, so that a changed [simulated] option applies to
        # a running driver.
        value = self._options.get(name)
        return getattr(CONF.simulated, name) if value is None else value

    @property
    def boot_delay(self):
        return float(self._opt('boot_delay'))

    @property
    def delete_delay(self):
        return float(self._opt('delete_delay'))

    @property
    def migrate_delay(self):
        return float(self._opt('migrate_delay'))

    @property
    def boot_failure_rate(self):
        return float(self._opt('boot_failure_rate'))

    # -- what the VIM reports -------------------------------------------
    def list_hosts(self):
        with self._lock:
            return [dataclasses.replace(h, state=self._states[name])
                    for name, h in self._hosts.items()]

    def list_services(self):
        with self._lock:
            return [base.ServiceInfo(host=name, state=state,
                                     status='enabled',
                                     reason=self._reasons.get(name))
                    for name, state in self._states.items()]

    def list_flavors(self):
        return list(self.topology.flavors)

    def list_servers(self):
        with self._lock:
            return [s.info() for s in self._servers.values()]

    def get_server(self, server_id):
        with self._lock:
            server = self._servers.get(server_id)
            if server is None:
                raise base.ServerNotFound('server %s not found' % server_id)
            return server.info()

    # -- failure injection ------------------------------------------------
    def set_host_state(self, host, state, reason=None):
        """Take a host down ('down') or bring it back ('up'); emits
        service.update. Servers on a host that goes down stay where they
        are, as in Nova."""
        if state not in ('up', 'down'):
            raise ValueError('state must be up or down')
        with self._lock:
            self._host(host)
            changed = self._states[host] != state
            self._states[host] = state
            self._reasons[host] = reason
        if changed:
            self._emit(base.VIMEvent(
                event_type=base.SERVICE_UPDATE, host=host, state=state,
                payload={'host': host, 'state': state,
                         'disabled_reason': reason}))

    def set_host_failing(self, host, failing=True):
        """Make every boot and migration onto ``host`` fail (or not)."""
        with self._lock:
            self._host(host)
            if failing:
                self._failing.add(host)
            else:
                self._failing.discard(host)

    def _host(self, name):
        if name not in self._hosts:
            raise base.VIMError('host %s is not in the topology' % name)
        return self._hosts[name]

    # -- operations -------------------------------------------------------
    def create_server(self, name, flavor, image=None, networks=None,
                      host=None, scheduler_hints=None, metadata=None):
        with self._lock:
            info = self._flavors.get(flavor)
            if info is None:
                raise base.FlavorNotFound('flavor %s not found' % flavor)
            if host is not None:
                self._host(host)
            server = _Server(id=uuidutils.generate_uuid(), name=name,
                             flavor=info, host=host, state=base.BUILDING,
                             project_id=(metadata or {}).get('project_id'),
                             metadata=dict(metadata or {}))
            self._servers[server.id] = server
        self._emit(self._event(base.INSTANCE_UPDATE, server))
        self._later(self.boot_delay, self._finish_boot, server.id)
        return server.id

    def delete_server(self, server_id):
        with self._lock:
            server = self._get(server_id)
            server.task = 'deleting'
        self._later(self.delete_delay, self._finish_delete, server_id)

    def live_migrate_server(self, server_id, host):
        with self._lock:
            server = self._get(server_id)
            self._host(host)
            if server.state != base.ACTIVE:
                raise base.VIMError('server %s is %s, not ACTIVE' %
                                    (server_id, server.state))
            server.task = 'migrating'
            server.state = base.MIGRATING
        self._later(self.migrate_delay, self._finish_migrate, server_id,
                    host)

    def shelve_server(self, server_id):
        with self._lock:
            server = self._get(server_id)
            if server.state != base.ACTIVE:
                raise base.VIMError('server %s is %s, not ACTIVE' %
                                    (server_id, server.state))
            server.task = 'shelving'
        self._later(self.migrate_delay, self._finish_shelve, server_id)

    def _get(self, server_id):
        server = self._servers.get(server_id)
        if server is None or server.task == 'deleting':
            raise base.ServerNotFound('server %s not found' % server_id)
        return server

    # -- completions (timer threads) ---------------------------------------
    def _used_vcpus(self, host, but=None):
        return sum(s.flavor.vcpus for s in self._servers.values()
                   if s.host == host and s.id != but and
                   s.state in (base.BUILDING, base.ACTIVE, base.MIGRATING))

    def _room(self, host, flavor, but=None):
        info = self._hosts[host]
        ratio = float(info.allocation_ratios.get('VCPU', 1.0))
        return (self._used_vcpus(host, but) + flavor.vcpus
                <= info.vcpus * ratio)

    def _why_not(self, host, flavor, but=None):
        if self._states[host] != 'up':
            return 'host %s is down' % host
        if host in self._failing:
            return 'hypervisor %s failed to spawn the server' % host
        if not self._room(host, flavor, but):
            return 'host %s has no room for flavor %s' % (host, flavor.name)
        return None

    def _finish_boot(self, server_id):
        with self._lock:
            server = self._servers.get(server_id)
            if server is None or server.state != base.BUILDING:
                return
            if server.host is None:
                server.host = next(
                    (h for h in sorted(self._hosts)
                     if self._why_not(h, server.flavor, server.id) is None),
                    None)
            if server.host is None:
                fault = 'No valid host was found.'
            else:
                fault = self._why_not(server.host, server.flavor, server.id)
            if fault is None and self.boot_failure_rate and \
                    self._random.random() < self.boot_failure_rate:
                fault = 'simulated boot failure'
            if fault is None:
                server.state = base.ACTIVE
                event = self._event(base.INSTANCE_CREATE_END, server)
            else:
                server.state, server.fault = base.ERROR, fault
                event = self._event(base.INSTANCE_CREATE_ERROR, server)
        self._emit(event)

    def _finish_delete(self, server_id):
        with self._lock:
            server = self._servers.pop(server_id, None)
            if server is None:
                return
            server.state = base.DELETED
            event = self._event(base.INSTANCE_DELETE_END, server)
        self._emit(event)

    def _finish_migrate(self, server_id, host):
        with self._lock:
            server = self._servers.get(server_id)
            if server is None or server.task != 'migrating':
                return
            server.task = None
            server.state = base.ACTIVE
            fault = self._why_not(host, server.flavor, server.id)
            if fault is None:
                source, server.host = server.host, host
                event = self._event(base.INSTANCE_LIVE_MIGRATION_END,
                                    server, source_host=source)
            else:
                server.fault = fault
                event = self._event(base.INSTANCE_LIVE_MIGRATION_ERROR,
                                    server, destination_host=host)
        self._emit(event)

    def _finish_shelve(self, server_id):
        with self._lock:
            server = self._servers.get(server_id)
            if server is None or server.task != 'shelving':
                return
            server.task = None
            server.state, server.host = base.SHELVED, None
            event = self._event(base.INSTANCE_SHELVE_END, server)
        self._emit(event)

    # -- events -----------------------------------------------------------
    @staticmethod
    def _event(event_type, server, **extra):
        payload = {'uuid': server.id, 'display_name': server.name,
                   'state': server.state, 'host': server.host,
                   'flavor': server.flavor.name,
                   'tenant_id': server.project_id,
                   'metadata': dict(server.metadata)}
        payload.update(extra)
        return base.VIMEvent(event_type=event_type, server_id=server.id,
                             host=server.host, state=server.state,
                             fault=server.fault, payload=payload)

    def subscribe(self, callback):
        with self._lock:
            self._subscribers.append(callback)

        def cancel():
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)
        return cancel

    def _emit(self, event):
        with self._lock:
            callbacks = list(self._subscribers)
        for callback in callbacks:
            try:
                callback(event)
            except Exception:
                LOG.exception('Subscriber of %s failed', event.event_type)

    def _later(self, delay, func, *args):
        def run():
            with self._lock:
                self._timers.discard(timer)
                if self._stopped:
                    return
            func(*args)

        timer = threading.Timer(delay, run)
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def start(self):
        with self._lock:
            self._stopped = False

    def stop(self):
        with self._lock:
            self._stopped = True
            timers, self._timers = list(self._timers), set()
        for timer in timers:
            timer.cancel()
