"""Evicting preemptible instances when the reservation whose capacity
they borrow starts.

When a lease starts, every host where its reservations hold capacity is
checked: what is in use there now (allocations in force, which now
include the starting lease's) plus the preemptible instances must fit the
host. The oldest preemptible instances stay as long as they fit; the
others get an ``instance.preempt.warning`` notification, recorded with
the lease start, and are evicted [instances] preemptible_grace_period
seconds later by [instances] preemptible_action (delete, shelve or
migrate).
"""
import threading

from oslo_log import log as logging
import sqlalchemy as sa

from promise import context as promise_context
from promise import dates
from promise import exceptions
from promise import notifications
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import admission
from promise.manager import instance_placement as placement
from promise.manager import instances as instances_mod
from promise.manager import world as world_mod
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

ALLOCATIONS = models.Allocation.__table__
RESERVATIONS = models.Reservation.__table__
INSTANCES = models.Instance.__table__


def to_evict(session, lease_id, now):
    """Ids of the preemptible instances that no longer fit on the hosts of
    the lease's reservations."""
    host_ids = set(session.execute(
        sa.select(ALLOCATIONS.c.host_id).where(
            ALLOCATIONS.c.host_id.is_not(None),
            ALLOCATIONS.c.reservation_id.in_(
                sa.select(RESERVATIONS.c.id).where(
                    RESERVATIONS.c.lease_id == lease_id)))).scalars())
    if not host_ids:
        return []
    s = dates.to_epoch(now)
    world = world_mod.World(session, s, s + 1)
    rows = session.execute(
        sa.select(INSTANCES.c.id, INSTANCES.c.host_id, INSTANCES.c.vcpus,
                  INSTANCES.c.memory_mb, INSTANCES.c.disk_gb)
        .where(INSTANCES.c.preemptible.is_(True),
               INSTANCES.c.status.in_(placement.HOLDING),
               INSTANCES.c.host_id.in_(sorted(host_ids)))
        .order_by(INSTANCES.c.created_at, INSTANCES.c.id)).all()
    free = {h: world.calendars[h].free().value_at(s)
            for h in host_ids if h in world.calendars}
    evict = []
    for row in rows:
        amounts = placement.flavor_amounts(row.vcpus, row.memory_mb,
                                           row.disk_gb)
        room = free.get(row.host_id, {})
        if all(room.get(rc, 0) >= v for rc, v in amounts.items()):
            for rc, v in amounts.items():
                room[rc] -= v
        else:
            evict.append(row.id)
    return evict


class Evictor:
    def __init__(self, registry, instances=None):
        self.registry = registry
        self.instances = instances or instances_mod.InstanceService(registry)
        self._lock = threading.Lock()
        self._timers = set()

    def wrap_start(self, start):
        """The lease start handler, followed by the eviction warning."""
        def handler(context, session, lease):
            start(context, session, lease)
            self.warn(session, lease.id)
        return handler

    def warn(self, session, lease_id):
        ids = to_evict(session, lease_id, dates.utcnow())
        if not ids:
            return []
        grace = CONF.instances.preemptible_grace_period
        action = CONF.instances.preemptible_action
        for instance_id in ids:
            session.execute(INSTANCES.update().where(
                INSTANCES.c.id == instance_id).values(
                status_reason='lease %s starts on its host: %s in %ss' %
                (lease_id, action, grace), updated_at=dates.utcnow()))
            notifications.instance(session, 'instance.preempt.warning',
                                   instance_id, lease_id=lease_id,
                                   action=action, grace_period=grace)
        LOG.info('Lease %s starts: %d preemptible instance(s) to %s in '
                 '%ss', lease_id, len(ids), action, grace)
        # Evicted only if the lease start commits.
        sa.event.listen(session, 'after_commit',
                        lambda _s: self._later(grace, ids), once=True)
        return ids

    def _later(self, delay, ids):
        def run():
            with self._lock:
                self._timers.discard(timer)
            for instance_id in ids:
                try:
                    self.evict(instance_id)
                except Exception:
                    LOG.exception('Eviction of instance %s failed',
                                  instance_id)
        timer = threading.Timer(delay, run)
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def stop(self):
        with self._lock:
            timers, self._timers = list(self._timers), set()
        for timer in timers:
            timer.cancel()

    def evict(self, instance_id, action=None):
        action = action or CONF.instances.preemptible_action
        with db_api.reader() as session:
            row = session.get(models.Instance, instance_id)
        if row is None or row.status not in ('ACTIVE', 'BUILDING',
                                             'INITIALIZED'):
            return None
        context = promise_context.admin_context()
        if action == 'shelve' and row.status == 'ACTIVE':
            try:
                self.registry.get(row.provider_id).shelve_server(
                    row.server_id)
                return 'shelve'
            except vim_base.VIMError as exc:
                LOG.warning('Shelving %s failed (%s): deleting it',
                            instance_id, exc)
        elif action == 'migrate' and row.status == 'ACTIVE':
            target = self._migration_target(row)
            if target is not None:
                try:
                    self.registry.get(row.provider_id).live_migrate_server(
                        row.server_id, target)
                    return 'migrate'
                except vim_base.VIMError as exc:
                    LOG.warning('Migrating %s failed (%s): deleting it',
                                instance_id, exc)
        self.instances.delete(context, instance_id)
        return 'delete'

    @staticmethod
    def _migration_target(row):
        """A host where the instance fits now, claimed for it (the claim
        moves with it: its host_id changes at once)."""
        amounts = placement.flavor_amounts(row.vcpus, row.memory_mb,
                                           row.disk_gb)

        def work(session):
            try:
                host_id = placement.preemptible(
                    session, row.provider_id, amounts, dates.utcnow(),
                    row.flavor, exclude=(row.host_id,))
            except exceptions.InstanceRejected:
                return None
            session.execute(INSTANCES.update().where(
                INSTANCES.c.id == row.id).values(
                host_id=host_id, updated_at=dates.utcnow()))
            return session.execute(sa.select(
                models.Host.__table__.c.hypervisor_hostname).where(
                models.Host.__table__.c.id == host_id)).scalar()
        return admission.run(work)
