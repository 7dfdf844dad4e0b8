"""promise-manager as an oslo.service service: an RPC server on the
manager topic plus the periodic work (due lease events)."""
import socket

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import service

from promise import rpc
from promise import vim
from promise.conf import CONF
from promise.db import api as db_api
from promise.manager import calendar_endpoint
from promise.manager import endpoint
from promise.manager import events
from promise.manager import heal_worker
from promise.manager import host_sync
from promise.manager import instances
from promise.manager import instances_endpoint
from promise.manager import inventory_endpoint
from promise.manager import leases
from promise.manager import notification_threads
from promise.manager import placement_service
from promise.manager import preemption
from promise.manager import providers
from promise.manager import subscriptions_endpoint
from promise.manager import vim_sync

LOG = logging.getLogger(__name__)


class ManagerService(service.ServiceBase):
    """Runs the RPC server; oslo.service (or promise-server) drives it."""

    def __init__(self, host=None):
        self.host = host or socket.gethostname()
        self._server = None
        self.endpoint = None

    def start(self):
        self.driver = vim.load_driver()
        self.events = events.EventRunner(self.host, {})
        self.leases = leases.LeaseService(wake_events=self.events.wake)
        # One driver per provider; their events reach the syncer.
        self.registry = providers.Registry(
            on_event=lambda provider_id, event: self.syncer.on_event(
                provider_id, event))
        self.instances = instances.InstanceService(self.registry)
        self.syncer = vim_sync.Syncer(self.registry, self.instances)
        self.preemption = preemption.Evictor(self.registry,
                                             self.instances)
        self.events.handlers.update({
            'start_lease': self.preemption.wrap_start(self.leases.start),
            'end_lease': self.leases.end,
            'before_end_lease': self.leases.before_end})
        self.healer = heal_worker.HealWorker()
        self.endpoint = endpoint.ManagerEndpoint(
            self.host, self.leases, capacity_freed=self.healer.wake)
        self.placement = placement_service.PlacementService(self.driver)
        self.instances.policy_check = self.placement.check_instance
        self.placement.runner.prepare_move = self.instances.prepare_move
        target = messaging.Target(topic=CONF.manager.topic, server=self.host)
        self._server = rpc.get_server(
            target, [self.endpoint,
                     inventory_endpoint.InventoryEndpoint(self.driver),
                     calendar_endpoint.CalendarEndpoint(),
                     subscriptions_endpoint.SubscriptionsEndpoint(),
                     instances_endpoint.InstancesEndpoint(
                         self.registry, self.instances,
                         on_provider=self._provider_added),
                     self.placement.endpoint])
        # Listening first: a call sent while the hosts are being synced
        # waits in the queue instead of going to a queue not yet declared.
        self._server.start()
        default_id = providers.register_default()
        self.registry.add(default_id, self.driver)
        self._load_providers(default_id)
        mode = CONF.vim.register_hosts
        if mode == 'always' or (mode == 'initial' and
                                not db_api.host_count(None)):
            host_sync.sync_hosts(self.driver, provider_id=default_id)
        host_sync.sync_pools()
        self.registry.start()
        self.syncer.start()
        self.events.start()
        self.healer.start()
        self.notifications = notification_threads.NotificationThreads(
            self.host)
        self.notifications.start()
        self.placement.start()
        LOG.info('Manager %s listening on topic %s', self.host,
                 CONF.manager.topic)

    def _load_providers(self, default_id):
        with db_api.reader() as session:
            rows = [(r.id, r.name, r.driver, r.config) for r in
                    session.query(providers.models.Provider)]
        for provider_id, name, driver, config in rows:
            if provider_id == default_id:
                continue
            try:
                self.registry.add(provider_id,
                                  providers.load(driver, config))
            except Exception:
                LOG.exception('Provider %s (%s) could not be loaded', name,
                              provider_id)

    def _provider_added(self, provider_id):
        if CONF.vim.register_hosts != 'never':
            host_sync.sync_hosts(self.registry.get(provider_id),
                                 provider_id=provider_id)
            host_sync.sync_pools()

    def stop(self, graceful=True):
        if getattr(self, 'placement', None) is not None:
            self.placement.stop()
        if getattr(self, 'syncer', None) is not None:
            self.syncer.stop()
        if getattr(self, 'preemption', None) is not None:
            self.preemption.stop()
        if getattr(self, 'registry', None) is not None:
            self.registry.stop()
        if getattr(self, 'events', None) is not None:
            self.events.stop()
        if getattr(self, 'healer', None) is not None:
            self.healer.stop()
        if getattr(self, 'notifications', None) is not None:
            self.notifications.stop()
        if self._server is not None:
            self._server.stop()
            if graceful:
                self._server.wait()
            self._server = None

    def wait(self):
        if self._server is not None:
            self._server.wait()

    def reset(self):
        pass
