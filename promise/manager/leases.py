"""Leases: create, update and delete with race-free admission."""
import bisect
import datetime

from oslo_log import log as logging
from oslo_utils import uuidutils

from promise import dates
from promise import enforcement
from promise import exceptions
from promise import notifications
from promise import plugins
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.manager import admission
from promise.manager import calendar_cache
from promise.manager import lease_status as status
from promise.manager import world as world_mod
from promise.plugins import base as plugin_base

LOG = logging.getLogger(__name__)

ALLOCATIONS = models.Allocation.__table__
EVENTS = models.Event.__table__
LEASES = models.Lease.__table__

# A start a little in the past is "now" from a client with a slow clock.
START_GRACE = datetime.timedelta(minutes=1)
STARTED = (status.STARTING, status.ACTIVE, status.DEGRADED)


def has_started(lease):
    """Whether the lease's start ran: a DEGRADED lease may not have."""
    if lease.status == status.DEGRADED:
        return any(ev.event_type == 'start_lease' and ev.status == 'DONE'
                   for ev in lease.events)
    return lease.status in STARTED


CannotBeMet = exceptions.CannotBeMet


def _window_dict(window):
    if window is None:
        return None
    start, end = window
    return {'start_date': dates.from_epoch(start).strftime(
                '%Y-%m-%dT%H:%M:%S.%f'),
            'end_date': dates.from_epoch(end).strftime(
                '%Y-%m-%dT%H:%M:%S.%f')}


def _parse_window(values, now, lease=None):
    start = dates.parse(values['start_date'], 'start_date', now) \
        if values.get('start_date') is not None else lease.start_date
    if values.get('end_date') is not None:
        end = dates.parse(values['end_date'], 'end_date', now)
    else:
        end = lease.end_date
    if values.get('prolong_for'):
        end += dates.parse_duration(values['prolong_for'], 'prolong_for')
    if values.get('reduce_by'):
        end -= dates.parse_duration(values['reduce_by'], 'reduce_by')
    if start >= end:
        raise exceptions.ValidationError(
            reason='start_date (%s) must be before end_date (%s)' %
            (start, end))
    if end <= now:
        raise exceptions.ValidationError(
            reason='end_date (%s) is in the past' % end)
    before_end = None
    if values.get('before_end_date'):
        before_end = dates.parse(values['before_end_date'],
                                 'before_end_date', now)
        if not start <= before_end <= end:
            raise exceptions.ValidationError(
                reason='before_end_date must lie between start_date and '
                       'end_date')
    elif lease is not None and 'before_end_date' not in values:
        before_end = lease.before_end_date
    elif CONF.reservation.before_end_default:
        before_end = max(start, end - datetime.timedelta(
            seconds=CONF.reservation.before_end_default))
    return start, end, before_end


class LeaseService:
    def __init__(self, wake_events=None):
        self._wake = wake_events or (lambda: None)

    # -- create ----------------------------------------------------------
    def create(self, context, values):
        now = dates.utcnow()
        start, end, before_end = _parse_window(values, now)
        if start < now - START_GRACE:
            raise exceptions.ValidationError(
                reason='start_date (%s) is in the past; use "now" to start '
                       'at once' % start)
        start = max(start, now)
        requests = [(plugins.get(r.get('resource_type')),
                     r) for r in values.get('reservations') or []]
        requests = [(p, p.validate(r)) for p, r in requests]
        lease_id = uuidutils.generate_uuid()
        res_ids = [uuidutils.generate_uuid() for _ in requests]
        s, e = dates.to_epoch(start), dates.to_epoch(end)

        def work(session):
            enforcement.check(context, session,
                              {'start_date': start, 'end_date': end,
                               'project_id': context.project_id, 'now': now})
            world = world_mod.World(session, s, e,
                                    cache=calendar_cache.CACHE)
            if not self._reserve_all(world, requests, res_ids, s, e):
                raise self._cannot_be_met(session, requests, s, e)
            lease = models.Lease(
                id=lease_id, name=values['name'], user_id=context.user_id,
                project_id=context.project_id, start_date=start,
                end_date=end, before_end_date=before_end,
                status=status.PENDING, degraded=False, generation=0)
            for (plugin, vals), rid in zip(requests, res_ids):
                vals = dict(vals, **plugin.describe(rid, vals))
                lease.reservations.append(models.Reservation(
                    id=rid, resource_type=plugin.resource_type,
                    resource_id=rid, status='pending', values=vals,
                    missing_resources=False, resources_changed=False))
            self._add_events(lease, start, end, before_end)
            session.add(lease)
            session.flush()
            world.write()
            notifications.lease(session, 'lease.create.end', lease_id)
            return lease_id

        result = admission.run(work)
        LOG.info('Lease %s created for project %s (%s to %s)', lease_id,
                 context.project_id, start, end)
        if start <= dates.utcnow():
            self._wake()
        return result

    @staticmethod
    def _add_events(lease, start, end, before_end):
        lease.events.append(models.Event(event_type='start_lease',
                                         time=start, status='UNDONE'))
        lease.events.append(models.Event(event_type='end_lease', time=end,
                                         status='UNDONE'))
        if before_end is not None:
            lease.events.append(models.Event(event_type='before_end_lease',
                                             time=before_end,
                                             status='UNDONE'))

    @staticmethod
    def _reserve_all(world, requests, res_ids, s, e):
        for (plugin, vals), rid in zip(requests, res_ids):
            try:
                plugin.reserve(world, rid, vals, s, e)
            except plugin_base.NotEnough:
                return False
        return world.pools_still_fit()

    def _cannot_be_met(self, session, requests, s, e, exclude=()):
        world = world_mod.World(session, s, e, exclude,
                                cache=calendar_cache.CACHE)
        maxima = [{'index': i, 'resource_type': plugin.resource_type,
                   'max': plugin.max_reservable(world, vals, s, e)}
                  for i, (plugin, vals) in enumerate(requests)]
        window = self._next_window(session, requests, s, e, exclude)
        return CannotBeMet(start=str(dates.from_epoch(s)),
                           end=str(dates.from_epoch(e)),
                           max_reservable=maxima,
                           next_window=_window_dict(window))

    def _next_window(self, session, requests, s, e, exclude=(),
                     search_end=None):
        """Earliest window of the same length where every reservation of
        the lease fits together."""
        duration = e - s
        if search_end is None:
            search_end = s + CONF.reservation.search_horizon_days * 86400 \
                + duration
        horizon = search_end - duration
        world = world_mod.World(session, s, search_end, exclude,
                                cache=calendar_cache.CACHE)
        t = s
        points = None
        for _ in range(100):
            starts = []
            for plugin, vals in requests:
                found = plugin.earliest_window(world, vals, duration, t,
                                               horizon + duration)
                if found is None:
                    return None
                starts.append(found[0])
            t = max(starts)
            mark = len(world.claims)
            ok = self._reserve_all(world, requests,
                                   [None] * len(requests), t, t + duration)
            world.rollback(mark)
            if ok:
                return (t, t + duration)
            # Together they fit only once something changes at one end of
            # the window: a pool's usage, say, which the plugins' own
            # searches do not look at. The claims tried were rolled back,
            # so those instants are the same at every turn.
            if points is None:
                points = sorted({x for b in world.breakpoints()
                                 for x in (b, b - duration)})
            i = bisect.bisect_right(points, t)
            if i == len(points) or points[i] > horizon:
                return None
            t = points[i]
        return None

    # -- availability search ------------------------------------------
    def availability(self, context, request):
        """Earliest windows where the reservations fit, and the largest
        amounts that fit in the first window asked for."""
        now = dates.utcnow()
        start = dates.parse(request.get('start_date') or 'now',
                            'start_date', now)
        start = max(start, now)
        end = dates.parse(request['end_date'], 'end_date', now) \
            if request.get('end_date') else None
        if request.get('duration') is not None:
            duration = dates.parse_duration(request['duration'],
                                            'duration').total_seconds()
        elif end is not None:
            duration = (end - start).total_seconds()
        else:
            raise exceptions.ValidationError(
                reason='give a duration, or an end_date')
        if duration <= 0:
            raise exceptions.ValidationError(
                reason='the duration must be positive')
        requests = [(plugins.get(r.get('resource_type')), r)
                    for r in request.get('reservations') or []]
        requests = [(p, p.validate(r)) for p, r in requests]
        if not requests:
            raise exceptions.ValidationError(
                reason='give at least one reservation to search for')
        s = dates.to_epoch(start)
        search_end = dates.to_epoch(end) if end is not None else \
            s + CONF.reservation.search_horizon_days * 86400 + duration
        limit = int(request.get('limit') or 3)
        windows = []
        with db_api.reader() as session:
            first = world_mod.World(session, s, s + duration,
                                    cache=calendar_cache.CACHE)
            maxima = [{'index': i, 'resource_type': plugin.resource_type,
                       'max': plugin.max_reservable(first, vals, s,
                                                    s + duration)}
                      for i, (plugin, vals) in enumerate(requests)]
            t = s
            while len(windows) < limit:
                found = self._next_window(session, requests, t,
                                          t + duration,
                                          search_end=search_end)
                if found is None:
                    break
                windows.append(_window_dict(found))
                # The next answer starts after this one ends, so windows
                # are distinct choices rather than one-second shifts.
                t = found[1]
                if t + duration > search_end:
                    break
        return {'windows': windows, 'max_reservable': maxima,
                'duration': duration}

    # -- update ----------------------------------------------------------
    def update(self, context, lease_id, values):
        now = dates.utcnow()

        def work(session):
            lease = session.get(models.Lease, lease_id)
            if lease is None:
                raise exceptions.NotFound(object='Lease', id=lease_id)
            if lease.status in (status.TERMINATING, status.TERMINATED,
                                status.ERROR):
                raise exceptions.Conflict(
                    reason='lease %s is %s and can no longer change' %
                    (lease_id, lease.status))
            started = has_started(lease)
            start, end, before_end = _parse_window(values, now, lease)
            if started and start != lease.start_date:
                raise exceptions.Conflict(
                    reason='the start of a started lease cannot change')
            if not started and start < now - START_GRACE:
                raise exceptions.ValidationError(
                    reason='start_date (%s) is in the past' % start)
            changes = {r['id']: r for r in values.get('reservations') or []}
            known = {r.id for r in lease.reservations}
            for rid in changes:
                if rid not in known:
                    raise exceptions.NotFound(object='Reservation', id=rid)
            requests, olds, previous = [], [], []
            for res in lease.reservations:
                plugin = plugins.get(res.resource_type)
                change = {k: v for k, v in changes.get(res.id, {}).items()
                          if k not in ('id', 'resource_type')}
                old = plugin.validate(res.values)
                new = plugin.merge(old, change) if change else old
                requests.append((plugin, new))
                olds.append(old)
                held = {}
                # A reservation moved from some instant on holds its
                # earlier part elsewhere: keep it where it holds last.
                latest = max((a.start_date for a in res.allocations
                              if a.host_id), default=None)
                for alloc in res.allocations:
                    if alloc.host_id and alloc.start_date == latest:
                        held.setdefault(alloc.host_id, {})[
                            alloc.resource_class] = alloc.amount
                previous.append(held)
            if not started:
                enforcement.check(context, session,
                                  {'start_date': start, 'end_date': end,
                                   'project_id': lease.project_id,
                                   'now': now}, lease_id)
            s, e = dates.to_epoch(start), dates.to_epoch(end)
            res_ids = [r.id for r in lease.reservations]
            world = world_mod.World(session, s, e, res_ids)
            try:
                for (plugin, new), old, prev, rid in zip(
                        requests, olds, previous, res_ids):
                    plugin.update(world, rid, old, new, s, e, prev, started)
                fits = world.pools_still_fit()
            except plugin_base.NotEnough:
                fits = False
            if not fits:
                raise self._cannot_be_met(session, requests, s, e, res_ids)
            result = session.execute(LEASES.update().where(
                LEASES.c.id == lease_id,
                LEASES.c.generation == lease.generation).values(
                generation=lease.generation + 1))
            if result.rowcount != 1:
                raise world_mod.GenerationConflict('lease %s' % lease_id)
            if res_ids:
                old_hosts, old_pools = world_mod.holders_of(session, res_ids)
                world.released_hosts.update(old_hosts)
                world.released_pools.update(old_pools)
                session.execute(ALLOCATIONS.delete().where(
                    ALLOCATIONS.c.reservation_id.in_(res_ids)))
            for res, (plugin, new) in zip(lease.reservations, requests):
                res.values = dict(new, **plugin.describe(res.id, new))
            lease.name = values.get('name') or lease.name
            lease.start_date, lease.end_date = start, end
            lease.before_end_date = before_end
            self._move_events(session, lease, start, end, before_end)
            world.write()
            notifications.lease(session, 'lease.update.end', lease_id)
            return lease_id

        # Each attempt re-reads the lease: expire what an attempt loaded.
        result = admission.run(work)
        self._wake()
        return result

    @staticmethod
    def _move_events(session, lease, start, end, before_end):
        times = {'start_lease': start, 'end_lease': end,
                 'before_end_lease': before_end}
        for event in list(lease.events):
            if event.status != 'UNDONE':
                continue
            new = times.get(event.event_type)
            if new is None:
                session.delete(event)
            else:
                event.time = new
        if before_end is not None and not any(
                ev.event_type == 'before_end_lease' for ev in lease.events):
            lease.events.append(models.Event(event_type='before_end_lease',
                                             time=before_end,
                                             status='UNDONE'))

    # -- delete ----------------------------------------------------------
    def delete(self, context, lease_id):
        def work(session):
            lease = session.get(models.Lease, lease_id)
            if lease is None:
                raise exceptions.NotFound(object='Lease', id=lease_id)
            for res in lease.reservations:
                plugin = plugins.get(res.resource_type)
                if has_started(lease):
                    plugin.on_end(context, res)
                plugin.release(context, res)
            # Capacity is free at once: allocations go with the lease.
            hosts, pools = world_mod.holders_of(
                session, [r.id for r in lease.reservations])
            notifications.lease(session, 'lease.delete.end', lease_id)
            session.delete(lease)
            session.flush()
            world_mod.bump(session, hosts, pools)
            return lease_id
        admission.run(work)
        LOG.info('Lease %s deleted', lease_id)

    # -- lifecycle events ----------------------------------------------
    def start(self, context, session, lease):
        current = lease.status
        if current == status.DEGRADED:
            target = status.DEGRADED
        else:
            status.move(session, lease.id, current, status.STARTING)
            current, target = status.STARTING, status.ACTIVE
        for res in lease.reservations:
            plugins.get(res.resource_type).on_start(context, res)
        if target != current:
            status.move(session, lease.id, current, target)
        else:
            session.execute(models.Reservation.__table__.update().where(
                models.Reservation.__table__.c.lease_id == lease.id).values(
                status='active'))
        notifications.lease(session, 'lease.start', lease.id)

    def before_end(self, context, session, lease):
        notifications.lease(session, 'lease.before_end', lease.id)

    def end(self, context, session, lease):
        if lease.status == status.STARTING:
            status.move(session, lease.id, status.STARTING, status.ERROR,
                        reason='the lease ended while it was starting')
            notifications.lease(session, 'lease.end', lease.id)
            return
        status.move(session, lease.id, lease.status, status.TERMINATING)
        for res in lease.reservations:
            plugins.get(res.resource_type).on_end(context, res)
        status.move(session, lease.id, status.TERMINATING, status.TERMINATED)
        notifications.lease(session, 'lease.end', lease.id)
