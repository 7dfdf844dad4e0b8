"""The nova VIM driver: Promise's provider is an OpenStack Nova.

Reads hypervisors, flavors, compute services and servers through
python-novaclient over a keystoneauth1 session, boots, deletes, live
migrates and shelves servers, and learns their outcome from Nova's
versioned notifications (see nova_listener and nova_notifications).
"""
import threading

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from novaclient import api_versions
from novaclient import client as nova_client
from novaclient import exceptions as nova_exc
from oslo_log import log as logging
import tenacity

from promise.vim import base
from promise.vim import nova_listener
from promise.vim import nova_settings
from promise.vim import nova_states

LOG = logging.getLogger(__name__)
Settings = nova_settings.Settings

# Placement resource classes, as the contract's HostInfo names them.
_RESOURCE_CLASSES = {'VCPU': 'vcpus', 'MEMORY_MB': 'memory_mb',
                     'DISK_GB': 'local_gb'}
_SHELVED = 'shelved'
_OFFLOADED = 'shelved_offloaded'


def _message(exc):
    return getattr(exc, 'message', None) or str(exc)


class _NovaErrors:
    """Turns novaclient and keystoneauth1 errors into the contract's."""

    def __init__(self, not_found=None):
        self.not_found = not_found

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None or isinstance(exc, base.VIMError):
            return False
        if isinstance(exc, nova_exc.NotFound) and self.not_found:
            raise self.not_found(_message(exc)) from exc
        if isinstance(exc, (nova_exc.ClientException,
                            nova_exc.UnsupportedVersion,
                            ks_exc.ClientException)):
            raise base.VIMError('Nova: %s' % _message(exc)) from exc
        return False


class NovaDriver(base.VIMDriver):
    """A Nova region as a VIM.

    ``session`` (a keystoneauth1 session) or ``config`` (a provider's dict,
    see nova_settings.session_from_dict) say how to reach Nova; without
    either, the ``[nova]`` options of Promise's configuration are used.
    """

    def __init__(self, session=None, config=None, settings=None,
                 **options):
        # A provider registered over the API passes its config as keyword
        # arguments (auth_url, username, password, region...).
        if options:
            config = dict(config or {}, **options)
        if session is None and config is None:
            from promise.conf import CONF
            session = nova_settings.session_from_conf(CONF, 'nova')
            settings = settings or Settings.from_conf(CONF.nova)
        if session is None:
            session = nova_settings.session_from_dict(config)
        self.settings = settings or Settings.from_dict(config)
        self.session = session
        self._clients = {}
        self._lock = threading.Lock()
        # hypervisor_hostname -> (service host, availability zone), and
        # service host -> hypervisor_hostnames, from the last listing.
        self._nodes = {}
        self._subscribers = nova_listener.Subscribers()
        self._listener = None

    # -- clients --------------------------------------------------------

    def _client_at(self, version):
        s = self.settings
        return nova_client.Client(
            api_versions.APIVersion(version), session=self.session,
            service_type=s.service_type, service_name=s.service_name,
            region_name=s.region_name,
            endpoint_type=list(s.valid_interfaces),
            endpoint_override=s.endpoint_override)

    @property
    def version(self):
        return self._client().api_version

    def _client(self, version=None):
        """The novaclient at ``version`` (the negotiated one by default)."""
        with self._lock:
            if None not in self._clients:
                self._clients[None] = self._negotiate()
            if version is None:
                return self._clients[None]
            if version not in self._clients:
                self._clients[version] = self._client_at(version)
            return self._clients[version]

    def _negotiate(self):
        wanted = api_versions.APIVersion(self.settings.api_microversion)
        client = self._client_at(nova_settings.MIN_MICROVERSION)
        with _NovaErrors():
            version = api_versions.discover_version(client, wanted)
        if version < api_versions.APIVersion(nova_settings.MIN_MICROVERSION):
            raise base.VIMError(
                'Nova: compute API microversion %s is older than %s, the '
                'oldest the nova driver speaks' % (
                    version.get_string(), nova_settings.MIN_MICROVERSION))
        LOG.info('Compute API microversion %s', version.get_string())
        return self._client_at(version.get_string())

    # -- inventory ------------------------------------------------------

    def _compute_services(self):
        with _NovaErrors():
            return self._client().services.list(binary='nova-compute')

    def _hypervisors(self):
        version = None
        if (self.settings.resource_source == nova_settings.HYPERVISOR and
                self.version > api_versions.APIVersion(
                    nova_settings.HYPERVISOR_RESOURCES_MICROVERSION)):
            version = nova_settings.HYPERVISOR_RESOURCES_MICROVERSION
        with _NovaErrors():
            return self._client(version).hypervisors.list(detailed=True)

    def _placement(self):
        return ks_adapter.Adapter(
            self.session, service_type='placement',
            region_name=self.settings.region_name,
            interface=list(self.settings.valid_interfaces),
            endpoint_override=self.settings.placement_endpoint_override,
            raise_exc=False)

    def _inventories(self, placement, provider_uuid):
        resp = placement.get('/resource_providers/%s/inventories'
                             % provider_uuid,
                             headers={'OpenStack-API-Version':
                                      'placement 1.0'})
        if resp.status_code != 200:
            raise base.VIMError('Placement: inventories of %s: %s %s' % (
                provider_uuid, resp.status_code, resp.text[:200]))
        return resp.json()['inventories']

    def _capacity(self, hypervisor, placement):
        """(capacity fields, allocation ratios) of one hypervisor."""
        if placement is None:
            return {'vcpus': hypervisor.vcpus,
                    'memory_mb': hypervisor.memory_mb,
                    'local_gb': hypervisor.local_gb}, {}
        capacity = {name: 0 for name in _RESOURCE_CLASSES.values()}
        ratios = {}
        for rc, inv in self._inventories(placement, hypervisor.id).items():
            if rc in _RESOURCE_CLASSES:
                capacity[_RESOURCE_CLASSES[rc]] = (
                    inv['total'] - inv.get('reserved', 0))
                ratios[rc] = inv.get('allocation_ratio', 1.0)
        return capacity, ratios

    def list_hosts(self):
        return self._list_hosts(self._compute_services())

    def _list_hosts(self, services):
        zones = {s.host: getattr(s, 'zone', None) for s in services}
        placement = None
        if self.settings.resource_source == nova_settings.PLACEMENT:
            placement = self._placement()
        hosts, nodes = [], {}
        for hyp in self._hypervisors():
            service_host = (getattr(hyp, 'service', None) or {}).get('host')
            zone = zones.get(service_host)
            capacity, ratios = self._capacity(hyp, placement)
            nodes[hyp.hypervisor_hostname] = (service_host, zone)
            hosts.append(base.HostInfo(
                hypervisor_hostname=hyp.hypervisor_hostname,
                hypervisor_type=getattr(hyp, 'hypervisor_type', None),
                hypervisor_version=getattr(hyp, 'hypervisor_version', None),
                service_name=service_host,
                availability_zone=zone,
                state=getattr(hyp, 'state', 'up'),
                properties={'hypervisor_id': str(hyp.id),
                            'status': getattr(hyp, 'status', None)},
                allocation_ratios=ratios, **capacity))
        with self._lock:
            self._nodes = nodes
        return hosts

    def _known_nodes(self):
        with self._lock:
            known = dict(self._nodes)
        if not known:
            self.list_hosts()
            with self._lock:
                known = dict(self._nodes)
        return known

    def nodes_of(self, service_host):
        """The hypervisor_hostnames a compute service runs."""
        return sorted(node for node, (svc, _) in self._known_nodes().items()
                      if svc == service_host)

    def _service_host(self, node):
        """(service host, zone) of a hypervisor_hostname; a name Nova does
        not list as a hypervisor is taken as a service host."""
        return self._known_nodes().get(node, (node, None))

    def list_services(self):
        services = self._compute_services()
        self._list_hosts(services)
        result = []
        for svc in services:
            state = 'down' if getattr(svc, 'forced_down', False) \
                else svc.state
            for node in self.nodes_of(svc.host) or [svc.host]:
                result.append(base.ServiceInfo(
                    host=node, state=state, status=svc.status,
                    reason=svc.disabled_reason))
        return result

    def list_flavors(self):
        with _NovaErrors():
            flavors = self._client().flavors.list(is_public=None)
        return [base.FlavorInfo(name=f.name, vcpus=f.vcpus, ram=f.ram,
                                disk=f.disk, id=str(f.id))
                for f in flavors]

    def _find_flavor(self, flavor):
        client = self._client()
        with _NovaErrors():
            try:
                return client.flavors.get(flavor)
            except nova_exc.NotFound:
                pass
            for candidate in client.flavors.list(is_public=None):
                if candidate.name == flavor:
                    return candidate
        raise base.FlavorNotFound('Flavor %s could not be found.' % flavor)

    # -- servers --------------------------------------------------------

    @staticmethod
    def _to_server_info(server):
        info = server.to_dict()
        flavor = info.get('flavor') or {}
        return base.ServerInfo(
            id=info['id'], name=info.get('name'),
            state=nova_states.server_state(info.get('OS-EXT-STS:vm_state'),
                                           info.get('OS-EXT-STS:task_state')),
            host=info.get('OS-EXT-SRV-ATTR:hypervisor_hostname'),
            flavor=flavor.get('original_name'),
            vcpus=flavor.get('vcpus', 0),
            memory_mb=flavor.get('ram', 0),
            disk_gb=flavor.get('disk', 0),
            project_id=info.get('tenant_id'),
            metadata=info.get('metadata') or {},
            fault=nova_states.fault_message(info.get('fault')))

    def list_servers(self):
        with _NovaErrors():
            servers = self._client().servers.list(
                detailed=True, search_opts={'all_tenants': True}, limit=-1)
        return [self._to_server_info(s) for s in servers]

    def get_server(self, server_id):
        with _NovaErrors(not_found=base.ServerNotFound):
            return self._to_server_info(
                self._client().servers.get(server_id))

    def _pinning(self, host):
        """create() arguments that pin a server to hypervisor ``host``."""
        service_host, zone = self._service_host(host)
        if (self.settings.host_pinning == nova_settings.PIN_HOST_FIELD and
                self.version >= api_versions.APIVersion(
                    nova_settings.HOST_FIELD_MICROVERSION)):
            return {'host': service_host, 'hypervisor_hostname': host}
        zone = zone or self.settings.default_availability_zone
        if service_host == host:
            return {'availability_zone': '%s:%s' % (zone, host)}
        return {'availability_zone': '%s:%s:%s' % (zone, service_host, host)}

    @staticmethod
    def _nics(networks):
        if networks in (None, 'none', 'auto'):
            return networks or 'none'
        nics = []
        for net in networks:
            if isinstance(net, dict):
                nics.append({('net-id' if k == 'uuid' else k): v
                             for k, v in net.items()})
            else:
                nics.append({'net-id': net})
        return nics

    def create_server(self, name, flavor, image=None, networks=None,
                      host=None, scheduler_hints=None, metadata=None):
        flavor_obj = self._find_flavor(flavor)
        kwargs = {'meta': metadata or None,
                  'scheduler_hints': scheduler_hints or None,
                  'nics': self._nics(networks)}
        if host:
            kwargs.update(self._pinning(host))
        with _NovaErrors():
            server = self._client().servers.create(
                name, image, flavor_obj, **kwargs)
        return server.id

    def delete_server(self, server_id):
        with _NovaErrors(not_found=base.ServerNotFound):
            self._client().servers.delete(server_id)

    def live_migrate_server(self, server_id, host):
        service_host, _ = self._service_host(host)
        with _NovaErrors(not_found=base.ServerNotFound):
            self._client().servers.live_migrate(server_id, service_host,
                                                'auto')

    def shelve_server(self, server_id):
        client = self._client()
        with _NovaErrors(not_found=base.ServerNotFound):
            client.servers.shelve(server_id)
        # Nova offloads by itself when its shelved_offload_time is 0; else
        # the capacity is only freed by an explicit offload, once shelved.
        threading.Thread(target=self._offload, args=(server_id,),
                         name='offload-%s' % server_id, daemon=True).start()

    def _offload(self, server_id):
        retry = tenacity.Retrying(
            stop=tenacity.stop_after_delay(
                self.settings.shelve_offload_timeout),
            wait=tenacity.wait_exponential(multiplier=0.5, max=10),
            retry=tenacity.retry_if_result(lambda state: state is None),
            reraise=True)
        client = self._client()
        try:
            vm_state = retry(self._shelve_state, client, server_id)
            if vm_state == _SHELVED:
                client.servers.shelve_offload(server_id)
        except tenacity.RetryError:
            LOG.warning('Server %s was not shelved within %d s; not '
                        'offloaded', server_id,
                        self.settings.shelve_offload_timeout)
        except Exception as exc:
            LOG.warning('Offloading server %s failed: %s', server_id,
                        _message(exc))

    @staticmethod
    def _shelve_state(client, server_id):
        """'shelved' or 'shelved_offloaded' once shelving is over, 'gone'
        when the server left the shelving path, None meanwhile."""
        info = client.servers.get(server_id).to_dict()
        vm_state = info.get('OS-EXT-STS:vm_state')
        if vm_state in (_SHELVED, _OFFLOADED):
            return vm_state if not info.get('OS-EXT-STS:task_state') \
                else None
        if info.get('OS-EXT-STS:task_state'):
            return None
        return 'gone'

    # -- events ---------------------------------------------------------

    def subscribe(self, callback):
        return self._subscribers.add(callback)

    def start(self):
        url = self.settings.notification_transport_url
        if not url:
            LOG.warning('[nova] notification_transport_url is unset: Nova '
                        'events are not received, only polled')
            return
        if self._listener is None:
            self._listener = nova_listener.NotificationListener(
                url, self.settings.notification_topic,
                self.settings.notification_exchange,
                self.settings.notification_pool,
                self._subscribers.publish, nodes_of=self._safe_nodes_of)
        self._listener.start()

    def _safe_nodes_of(self, service_host):
        try:
            return self.nodes_of(service_host)
        except base.VIMError:
            return ()

    def stop(self):
        if self._listener is not None:
            self._listener.stop()
