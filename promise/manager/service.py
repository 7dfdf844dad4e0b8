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
from promise.manager import host_sync
from promise.manager import inventory_endpoint
from promise.manager import leases
from promise.manager import notification_threads
from promise.manager import subscriptions_endpoint

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
        self.events.handlers.update({
            'start_lease': self.leases.start,
            'end_lease': self.leases.end,
            'before_end_lease': self.leases.before_end})
        self.endpoint = endpoint.ManagerEndpoint(self.host, self.leases)
        target = messaging.Target(topic=CONF.manager.topic, server=self.host)
        self._server = rpc.get_server(
            target, [self.endpoint,
                     inventory_endpoint.InventoryEndpoint(self.driver),
                     calendar_endpoint.CalendarEndpoint(),
                     subscriptions_endpoint.SubscriptionsEndpoint()])
        # Listening first: a call sent while the hosts are being synced
        # waits in the queue instead of going to a queue not yet declared.
        self._server.start()
        mode = CONF.vim.register_hosts
        if mode == 'always' or (mode == 'initial' and
                                not db_api.host_count(None)):
            host_sync.sync_hosts(self.driver)
        host_sync.sync_pools()
        self.events.start()
        self.notifications = notification_threads.NotificationThreads(
            self.host)
        self.notifications.start()
        LOG.info('Manager %s listening on topic %s', self.host,
                 CONF.manager.topic)

    def stop(self, graceful=True):
        if getattr(self, 'events', None) is not None:
            self.events.stop()
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
