"""Instances (seed: resource allocation, steps 1a-10b): accepted against a
reservation or unreserved capacity, booted by the provider's VIM driver,
and followed through the driver's events until ACTIVE, ERROR or DELETED.

The record is written (INITIALIZED) with its capacity claim in one
transaction before the VIM is asked, so a boot never runs on capacity
Promise did not grant. The VIM's answer arrives as events, possibly before
``create_server`` returned: events about a server not yet known are kept
a moment and applied once its id is recorded.
"""
import collections
import threading
import time

from oslo_log import log as logging
from oslo_utils import uuidutils
import sqlalchemy as sa

from promise import dates
from promise import exceptions
from promise import notifications
from promise.db import api as db_api
from promise.db import models
from promise.manager import admission
from promise.manager import instance_placement as placement
from promise.manager import instance_reconcile
from promise.manager import placement_snapshot
from promise.manager import providers
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

INSTANCES = models.Instance.__table__
HOSTS = models.Host.__table__

INITIALIZED = 'INITIALIZED'
BUILDING = 'BUILDING'
ACTIVE = 'ACTIVE'
ERROR = 'ERROR'
DELETING = 'DELETING'
DELETED = 'DELETED'
SHELVED = 'SHELVED'

# Events about unknown servers are kept this long, at most this many.
PENDING_TTL = 300
PENDING_MAX = 1000


def _find_flavor(driver, name):
    for flavor in driver.list_flavors():
        if name in (flavor.name, flavor.id):
            return flavor
    raise exceptions.ValidationError(
        reason='flavor %s is unknown to the provider' % name)


def _host_name(session, host_id):
    if host_id is None:
        return None
    return session.execute(sa.select(HOSTS.c.hypervisor_hostname).where(
        HOSTS.c.id == host_id)).scalar()


def _host_id(session, name):
    if name is None:
        return None
    return session.execute(sa.select(HOSTS.c.id).where(
        HOSTS.c.hypervisor_hostname == name)).scalar()


def move(session, instance_id, current, target, reason=None, **values):
    """Move an instance between statuses with a conditional UPDATE;
    returns whether it moved. ``current`` is a status or a tuple."""
    if isinstance(current, str):
        current = (current,)
    values.update(status=target, updated_at=dates.utcnow())
    if reason is not None:
        values['status_reason'] = reason
    result = session.execute(INSTANCES.update().where(
        INSTANCES.c.id == instance_id,
        INSTANCES.c.status.in_(current)).values(**values))
    if result.rowcount != 1:
        return False
    event = 'instance.delete' if target == DELETED else 'instance.update'
    notifications.instance(session, event, instance_id)
    return True


class InstanceService:
    def __init__(self, registry, policy_check=None):
        self.registry = registry
        # (context, driver, flavor, groups) -> {host name: policy}: hosts
        # a proactive placement policy forbids.
        self.policy_check = policy_check
        self._lock = threading.Lock()
        self._pending = collections.OrderedDict()

    # -- create (steps 1a-4) ---------------------------------------------
    def create(self, context, values):
        now = dates.utcnow()
        reservation_id = values.get('reservation_id')
        preemptible = bool(values.get('preemptible'))
        if reservation_id and preemptible:
            raise exceptions.ValidationError(
                reason='a preemptible instance uses capacity nobody '
                       'reserved for it: give no reservation_id')
        with db_api.reader() as session:
            provider_id = providers.resolve(
                session, values.get('provider_id')).id
        driver = self.registry.get(provider_id)
        flavor = _find_flavor(driver, values['flavor'])
        amounts = placement.flavor_amounts(flavor.vcpus, flavor.ram,
                                           flavor.disk)
        instance_id = uuidutils.generate_uuid()
        metadata = dict(values.get('metadata') or {})
        forbidden = {}
        if self.policy_check is not None and not preemptible:
            groups = placement_snapshot.groups_of(metadata)
            forbidden = self.policy_check(context, driver, flavor, groups)

        def work(session):
            if reservation_id:
                host_id = placement.on_reservation(
                    session, context, reservation_id, amounts, now,
                    flavor.name, forbidden=forbidden)
            elif preemptible:
                host_id = placement.preemptible(
                    session, provider_id, amounts, now, flavor.name)
            else:
                host_id = placement.unreserved(
                    session, provider_id, instance_id, amounts, now,
                    flavor.name, forbidden=forbidden)
            session.add(models.Instance(
                id=instance_id, provider_id=provider_id,
                name=values['name'], project_id=context.project_id,
                user_id=context.user_id, flavor=flavor.name,
                vcpus=flavor.vcpus, memory_mb=flavor.ram,
                disk_gb=flavor.disk, image=values.get('image'),
                networks=values.get('networks') or [],
                reservation_id=reservation_id, host_id=host_id,
                status=INITIALIZED,
                priority='high' if reservation_id else 'low',
                preemptible=preemptible, created_at=now))
            session.flush()
            notifications.instance(session, 'instance.create', instance_id)
            return _host_name(session, host_id)

        host = admission.run(work)
        LOG.info('Instance %s (%s) accepted on %s', instance_id,
                 flavor.name, host)
        self._boot(driver, instance_id, values, flavor, host,
                   context.project_id)
        return instance_id

    def _boot(self, driver, instance_id, values, flavor, host, project_id):
        hints = {'reservation': values['reservation_id']} \
            if values.get('reservation_id') else {}
        if values.get('preemptible'):
            hints['promise:preemptible'] = 'true'
        try:
            server_id = driver.create_server(
                values['name'], flavor.name, image=values.get('image'),
                networks=values.get('networks'), host=host,
                scheduler_hints=hints,
                metadata=dict(values.get('metadata') or {},
                              promise_instance_id=instance_id,
                              project_id=project_id))
        except vim_base.VIMError as exc:
            LOG.warning('The VIM refused instance %s: %s', instance_id, exc)
            self._finish(instance_id, ERROR, (INITIALIZED,),
                         'the VIM refused the boot: %s' % exc)
            return
        with self._lock:
            with db_api.writer() as session:
                session.execute(INSTANCES.update().where(
                    INSTANCES.c.id == instance_id).values(
                    server_id=server_id))
                move(session, instance_id, INITIALIZED, BUILDING)
            early = self._pending.pop(server_id, ())
        for _, event in early:
            self._apply(instance_id, event)

    # -- migrations planned by placement policies -------------------------
    def prepare_move(self, server_id, target):
        """Claim the target of a planned live migration of ``server_id``
        (a Promise instance) beside every reservation; returns a callable
        that gives the claim back if the migration does not happen, or
        None for a server Promise did not boot. Raises InstanceRejected
        when the target has no room or the instance runs on a
        reservation."""
        with db_api.reader() as session:
            row = session.execute(sa.select(
                INSTANCES.c.id, INSTANCES.c.reservation_id,
                INSTANCES.c.vcpus, INSTANCES.c.memory_mb,
                INSTANCES.c.disk_gb).where(
                INSTANCES.c.server_id == server_id,
                INSTANCES.c.status == ACTIVE)).first()
            target_id = _host_id(session, target)
        if row is None:
            return None
        if row.reservation_id:
            raise exceptions.InstanceRejected(
                reason_code='instance_on_reservation',
                reason='instance %s runs on the capacity of reservation %s '
                       'and moves only with it' % (row.id,
                                                   row.reservation_id))
        amounts = placement.flavor_amounts(row.vcpus, row.memory_mb,
                                           row.disk_gb)

        def work(session):
            placement.claim_move(session, row.id, target_id, amounts,
                                 dates.utcnow())

        admission.run(work)

        def abort():
            with db_api.writer() as session:
                current = session.get(models.Instance, row.id)
                if current is not None and current.host_id != target_id:
                    placement.drop_claim(session, row.id, target_id)
        return abort

    # -- delete (steps 8a-10b) --------------------------------------------
    def delete(self, context, instance_id):
        with db_api.writer() as session:
            row = session.get(models.Instance, instance_id)
            if row is None:
                raise exceptions.NotFound(object='Instance', id=instance_id)
            if row.status == DELETED:
                raise exceptions.Conflict(
                    reason='instance %s is already deleted' % instance_id)
            if row.status == DELETING:
                return instance_id
            server_id, provider_id = row.server_id, row.provider_id
            previous = row.status
            if server_id is None:
                # The VIM never accepted it: nothing to ask it.
                self._gone(session, row, previous, 'deleted before the VIM '
                           'accepted it')
                return instance_id
            move(session, instance_id, previous, DELETING)
        try:
            self.registry.get(provider_id).delete_server(server_id)
        except vim_base.ServerNotFound:
            with db_api.writer() as session:
                row = session.get(models.Instance, instance_id)
                self._gone(session, row, DELETING,
                           'the VIM no longer knew the server')
        except vim_base.VIMError as exc:
            with db_api.writer() as session:
                move(session, instance_id, DELETING, previous,
                     reason='the VIM refused the deletion: %s' % exc)
            raise exceptions.Conflict(
                reason='the VIM refused to delete the server: %s' % exc)
        return instance_id

    @staticmethod
    def _gone(session, row, current, reason):
        if move(session, row.id, current, DELETED, reason=reason):
            placement.release(session, row.id, row.host_id)

    def _finish(self, instance_id, target, current, reason):
        with db_api.writer() as session:
            row = session.get(models.Instance, instance_id)
            if row is not None and move(session, instance_id, current,
                                        target, reason=reason):
                placement.release(session, instance_id, row.host_id)

    # -- VIM events (steps 7a-7b, 10a-10b) ----------------------------------
    def on_event(self, provider_id, event):
        """Apply an instance event of a provider's driver."""
        if event.server_id is None:
            return
        with self._lock:
            with db_api.reader() as session:
                instance_id = session.execute(
                    sa.select(INSTANCES.c.id).where(
                        INSTANCES.c.provider_id == provider_id,
                        INSTANCES.c.server_id == event.server_id)
                ).scalar()
            if instance_id is None:
                # Not recorded yet (create_server has not returned), or
                # a server Promise did not boot.
                self._keep(event)
                return
        self._apply(instance_id, event)

    # -- the periodic poll: events that never came ------------------------
    def reconcile(self, provider_id, driver):
        """Bring the provider's instances where its servers are, through
        the events the VIM would have sent; returns how many were
        repaired."""
        events, adopted, lost = instance_reconcile.plan(provider_id, driver)
        for instance_id, server_id in adopted:
            LOG.warning('Instance %s: recording server %s the VIM booted '
                        'for it', instance_id, server_id)
            with self._lock:
                with db_api.writer() as session:
                    session.execute(INSTANCES.update().where(
                        INSTANCES.c.id == instance_id,
                        INSTANCES.c.server_id.is_(None)).values(
                        server_id=server_id))
                    move(session, instance_id, INITIALIZED, BUILDING)
                early = self._pending.pop(server_id, ())
            for _, event in early:
                self._apply(instance_id, event)
        for instance_id in lost:
            LOG.warning('Instance %s: the VIM has no server for it',
                        instance_id)
            self._finish(instance_id, ERROR, (INITIALIZED,),
                         'the VIM has no server for it')
        for instance_id, event in events:
            LOG.warning('Instance %s: applying %s, which the VIM did not '
                        'send', instance_id, event.event_type)
            self._apply(instance_id, event)
        return len(adopted) + len(lost) + len(events)

    def _keep(self, event):
        now = time.monotonic()
        while self._pending and (
                len(self._pending) >= PENDING_MAX or
                next(iter(self._pending.values()))[0][0] < now -
                PENDING_TTL):
            self._pending.popitem(last=False)
        self._pending.setdefault(event.server_id, []).append((now, event))

    def _apply(self, instance_id, event):
        kind = event.event_type
        try:
            with db_api.writer() as session:
                row = session.get(models.Instance, instance_id)
                if row is None:
                    return
                if kind == vim_base.INSTANCE_UPDATE:
                    if event.state == vim_base.BUILDING:
                        move(session, row.id, INITIALIZED, BUILDING)
                elif kind == vim_base.INSTANCE_CREATE_END:
                    host_id = _host_id(session, event.host) or row.host_id
                    move(session, row.id, (INITIALIZED, BUILDING), ACTIVE,
                         host_id=host_id)
                elif kind == vim_base.INSTANCE_CREATE_ERROR:
                    if move(session, row.id, (INITIALIZED, BUILDING), ERROR,
                            reason=event.fault or 'the boot failed'):
                        placement.release(session, row.id, row.host_id)
                elif kind == vim_base.INSTANCE_DELETE_END:
                    self._gone(session, row, (INITIALIZED, BUILDING, ACTIVE,
                                              ERROR, DELETING, SHELVED),
                               'deleted by the VIM')
                elif kind == vim_base.INSTANCE_SHELVE_END:
                    if move(session, row.id, (ACTIVE,), SHELVED,
                            reason='shelved and offloaded'):
                        placement.release(session, row.id, row.host_id)
                elif kind == vim_base.INSTANCE_LIVE_MIGRATION_END:
                    self._moved(session, row, event.host)
                elif kind == vim_base.INSTANCE_LIVE_MIGRATION_ERROR:
                    session.execute(INSTANCES.update().where(
                        INSTANCES.c.id == row.id).values(
                        status_reason='live migration failed: %s' %
                        (event.fault or 'unknown'),
                        updated_at=dates.utcnow()))
        except Exception:
            LOG.exception('Event %s of instance %s not applied', kind,
                          instance_id)

    @staticmethod
    def _moved(session, row, host_name):
        host_id = _host_id(session, host_name)
        if host_id is None or host_id == row.host_id:
            return
        allocations = models.Allocation.__table__
        claimed = session.execute(sa.select(allocations.c.id).where(
            allocations.c.instance_id == row.id,
            allocations.c.host_id == host_id)).first()
        if claimed is not None:
            # A migration Promise planned: the target was claimed first;
            # the claim on the host left behind is given back.
            session.execute(allocations.delete().where(
                allocations.c.instance_id == row.id,
                allocations.c.host_id != host_id))
        else:
            # The claim follows the instance; migrations are the
            # manager's own (eviction), decided on capacity it checked.
            session.execute(allocations.update().where(
                allocations.c.instance_id == row.id).values(
                host_id=host_id))
        old = row.host_id
        row.host_id = host_id
        row.updated_at = dates.utcnow()
        session.flush()
        placement.world_mod.bump(session, [old, host_id])
        notifications.instance(session, 'instance.update', row.id,
                               moved_from=old)
