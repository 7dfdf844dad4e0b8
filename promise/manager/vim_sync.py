"""Keeping up with the VIMs (seed: capacity step 4, reservation step 6a):
a periodic poll of every provider's hypervisors and compute services into
host inventories and states, and the drivers' events applied at once —
instance events to instance statuses, service.update to host states —
without waiting for the next poll. The poll also compares instances
with the servers the VIM lists, for the events that never came
(promise/manager/instance_reconcile.py).
"""
import threading

from oslo_log import log as logging
import sqlalchemy as sa

from promise import dates
from promise import notifications
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import healing
from promise.manager import host_sync
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

HOSTS = models.Host.__table__
INVENTORIES = models.HostInventory.__table__


def service_state(service):
    """A host's state from its compute service."""
    if service.state != 'up':
        return 'down'
    if service.status == 'disabled':
        return 'maintenance'
    return 'up'


def apply_state(provider_id, host_name, state, reason=None):
    """Record a host's state; a host leaving "up" has its reservations
    re-placed (promise/manager/healing.py)."""
    with db_api.reader() as session:
        row = session.execute(sa.select(HOSTS.c.id, HOSTS.c.state).where(
            HOSTS.c.hypervisor_hostname == host_name)).first()
    if row is None or row.state == state:
        return False
    LOG.info('Host %s went from %s to %s', host_name, row.state, state)
    if state == 'up':
        healing.host_back(row.id, state)
    else:
        healing.host_lost(row.id, state, reason)
    return True


def _update_inventories(session, host_id, info):
    """Inventories follow what the hypervisor reports; returns whether
    anything changed."""
    wanted = {i['resource_class']: i
              for i in host_sync.inventories_of(info)}
    current = {r.resource_class: r for r in session.execute(
        sa.select(INVENTORIES).where(INVENTORIES.c.host_id == host_id))}
    changed = False
    for rc, inv in wanted.items():
        row = current.get(rc)
        if row is None:
            session.execute(INVENTORIES.insert().values(
                host_id=host_id, created_at=dates.utcnow(), **inv))
            changed = True
        elif (row.total, row.allocation_ratio) != (inv['total'],
                                                   inv['allocation_ratio']):
            session.execute(INVENTORIES.update().where(
                INVENTORIES.c.id == row.id).values(
                total=inv['total'], max_unit=inv['max_unit'],
                allocation_ratio=inv['allocation_ratio'],
                updated_at=dates.utcnow()))
            changed = True
    if changed:
        session.execute(HOSTS.update().where(HOSTS.c.id == host_id).values(
            vcpus=info.vcpus, memory_mb=info.memory_mb,
            local_gb=info.local_gb, generation=HOSTS.c.generation + 1,
            updated_at=dates.utcnow()))
        notifications.host(session, 'host.update', host_id)
    return changed


def sync_provider(provider_id, driver):
    """One poll of a provider: new hosts (as [vim] register_hosts
    allows), inventories and states. Returns the hosts whose state
    changed."""
    if CONF.vim.register_hosts == 'always':
        host_sync.sync_hosts(driver, provider_id=provider_id)
    infos = {h.hypervisor_hostname: h for h in driver.list_hosts()}
    states = {h: info.state for h, info in infos.items()}
    reasons = {}
    for service in driver.list_services():
        states[service.host] = service_state(service)
        reasons[service.host] = service.reason
    with db_api.writer() as session:
        known = dict(session.execute(sa.select(
            HOSTS.c.hypervisor_hostname, HOSTS.c.id).where(
            HOSTS.c.provider_id == provider_id)).all())
        for name, host_id in known.items():
            if name in infos:
                _update_inventories(session, host_id, infos[name])
    changed = []
    for name in sorted(known):
        # A hypervisor the VIM no longer reports cannot run anything.
        state = states.get(name, 'down')
        reason = reasons.get(name) or (
            None if name in states else 'no longer reported by the VIM')
        if apply_state(provider_id, name, state, reason):
            changed.append(name)
    return changed


class Syncer:
    """The periodic poll and the event dispatch of the manager."""

    def __init__(self, registry, instances):
        self.registry = registry
        self.instances = instances
        self._stop = threading.Event()
        self._thread = None

    def on_event(self, provider_id, event):
        try:
            if event.event_type == vim_base.SERVICE_UPDATE:
                if event.host is not None:
                    state = event.state or 'up'
                    if state not in ('up', 'down', 'maintenance'):
                        state = 'down'
                    apply_state(provider_id, event.host, state,
                                event.payload.get('disabled_reason') or
                                event.fault)
            else:
                self.instances.on_event(provider_id, event)
        except Exception:
            LOG.exception('VIM event %s not applied', event.event_type)

    def sync_all(self):
        for provider_id, driver in self.registry.items():
            try:
                sync_provider(provider_id, driver)
            except Exception:
                LOG.exception('Synchronising provider %s failed',
                              provider_id)
            try:
                self.instances.reconcile(provider_id, driver)
            except Exception:
                LOG.exception('Reconciling the instances of provider %s '
                              'failed', provider_id)

    def start(self):
        self._thread = threading.Thread(target=self._loop,
                                        name='promise-vim-sync', daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self):
        while not self._stop.wait(CONF.vim.sync_interval):
            self.sync_all()
