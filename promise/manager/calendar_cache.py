"""Host and pool calendars kept between admissions.

Reading 1,000 hosts, their inventories and every future allocation for
each admission costs far more than deciding. The cache keeps, per host,
the calendar of everything it holds from a floor date on, tagged with the
host's generation: every change of a host's allocations or adjustments
bumps that generation (admissions do so by compare-and-swap, releases and
adjustments unconditionally), so a calendar whose generation still
matches the database is exact. Each admission reads the generations
first, then reloads only what changed — the same read-generations-first
order that makes the compare-and-swap sound. Pools work the same way.

Host and pool definitions (names, properties, inventories, membership)
are cached under a key made of row counts and last update times.
"""
import collections
import datetime
import math
import threading

import sqlalchemy as sa

from promise import dates
from promise import engine
from promise.db import models

HOSTS = models.Host.__table__
INVENTORIES = models.HostInventory.__table__
CAPABILITIES = models.HostExtraCapability.__table__
POOLS = models.Pool.__table__
POOL_HOSTS = models.PoolHost.__table__
ALLOCATIONS = models.Allocation.__table__
ADJUSTMENTS = models.CapacityAdjustment.__table__

# History kept below "now" so that windows starting a little in the past
# (leases starting "now", clocks that differ) are still served.
FLOOR_MARGIN = datetime.timedelta(days=1)
# Rebuilt from scratch when the floor is this old, so that ended
# allocations do not pile up in memory.
REBUILD_AFTER = datetime.timedelta(days=2)
SECOND = datetime.timedelta(seconds=1)
# Rows stamped further ahead than this were not written a moment ago by a
# clock close to ours; they are left to the key comparison.
SKEW = datetime.timedelta(seconds=60)


def _static_key(session):
    """Counts and last changes of the definition tables, in one query."""
    parts = []
    for table in (HOSTS, INVENTORIES, CAPABILITIES, POOLS, POOL_HOSTS):
        parts += [sa.select(sa.func.count()).select_from(table)
                  .scalar_subquery(),
                  sa.select(sa.func.max(table.c.created_at))
                  .scalar_subquery(),
                  sa.select(sa.func.max(table.c.updated_at))
                  .scalar_subquery()]
    return tuple(session.execute(sa.select(*parts)).one())


class CalendarCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._static = None
        self._static_key = None
        self._static_read_at = None
        self._floor = None
        # host id -> (generation, usage, adjust, inventories, calendar)
        self._hosts = {}
        self._pools = {}        # pool id -> (generation, usage, adjust)

    def floor(self):
        return self._floor

    def serves(self, start):
        """Whether windows from ``start`` on can be answered from here."""
        floor = self._floor
        if floor is None or dates.utcnow() - floor > REBUILD_AFTER:
            # The next snapshot sets the floor to this.
            floor = dates.utcnow() - FLOOR_MARGIN
        return start >= dates.to_epoch(floor)

    def snapshot(self, session, world_cls):
        """(static, host generations, host usage/adjust, pool ...) fresh
        for this transaction; the timelines are shared: copy to change."""
        with self._lock:
            gens = dict(session.execute(
                sa.select(HOSTS.c.id, HOSTS.c.generation)).all())
            pool_gens = dict(session.execute(
                sa.select(POOLS.c.id, POOLS.c.generation)).all())
            now = dates.utcnow()
            if self._floor is None or now - self._floor > REBUILD_AFTER:
                self._floor = now - FLOOR_MARGIN
                self._hosts, self._pools = {}, {}
            key = _static_key(session)
            latest = max((k for k in key if isinstance(k, datetime.datetime)),
                         default=None)
            # Timestamps may have a one-second resolution: a change in the
            # second the definitions were read could leave the key as it
            # was, so read them again until that second has passed.
            if key != self._static_key or (
                    latest is not None and self._static_read_at is not None
                    and self._static_read_at - SECOND <= latest <=
                    self._static_read_at + SKEW):
                self._static_read_at = dates.utcnow()
                self._static = world_cls.read_static(session)
                self._static_key = key
                # Calendars embed inventories: start them afresh.
                self._hosts = {h: entry[:3] + (None, None)
                               for h, entry in self._hosts.items()}
            stale = [h for h, g in gens.items()
                     if self._hosts.get(h, (None,))[0] != g]
            stale_pools = [p for p, g in pool_gens.items()
                           if self._pools.get(p, (None,))[0] != g]
            if stale or stale_pools:
                self._reload(session, stale, stale_pools, gens, pool_gens)
            for gone in set(self._hosts) - set(gens):
                del self._hosts[gone]
            for gone in set(self._pools) - set(pool_gens):
                del self._pools[gone]
            return (self._static, gens, pool_gens, dict(self._hosts),
                    dict(self._pools))

    def _reload(self, session, hosts, pools, gens, pool_gens):
        floor = self._floor
        usage = collections.defaultdict(engine.Timeline)
        adjust = collections.defaultdict(engine.Timeline)
        pool_usage = collections.defaultdict(engine.Timeline)
        pool_adjust = collections.defaultdict(engine.Timeline)
        # Loading everything is cheaper than long IN lists once most hosts
        # changed (first load).
        everything = len(hosts) > len(gens) // 2
        query = sa.select(ALLOCATIONS.c.host_id, ALLOCATIONS.c.pool_id,
                          ALLOCATIONS.c.resource_class, ALLOCATIONS.c.amount,
                          ALLOCATIONS.c.start_date, ALLOCATIONS.c.end_date
                          ).where(ALLOCATIONS.c.end_date > floor)
        wanted_hosts, wanted_pools = set(hosts), set(pools)
        if not everything:
            conds = []
            if hosts:
                conds.append(ALLOCATIONS.c.host_id.in_(sorted(hosts)))
            if pools:
                conds.append(ALLOCATIONS.c.pool_id.in_(sorted(pools)))
            query = query.where(sa.or_(*conds))
        rows = collections.defaultdict(list)
        for host_id, pool_id, rc, amount, s, e in session.execute(query):
            if host_id is not None and host_id in wanted_hosts:
                rows[('h', host_id)].append((s, e, rc, amount))
            elif pool_id is not None and pool_id in wanted_pools:
                rows[('p', pool_id)].append((s, e, rc, amount))
        for (kind, ref), items in rows.items():
            target = usage[ref] if kind == 'h' else pool_usage[ref]
            for s, e, rc, amount in items:
                target.add(dates.to_epoch(s), dates.to_epoch(e),
                           {rc: amount})
        for host_id, pool_id, amounts, s, e in session.execute(
                sa.select(ADJUSTMENTS.c.host_id, ADJUSTMENTS.c.pool_id,
                          ADJUSTMENTS.c.amounts, ADJUSTMENTS.c.start_date,
                          ADJUSTMENTS.c.end_date).where(sa.or_(
                              ADJUSTMENTS.c.end_date.is_(None),
                              ADJUSTMENTS.c.end_date > floor))):
            end = dates.to_epoch(e) if e is not None else math.inf
            if host_id in wanted_hosts:
                adjust[host_id].add(dates.to_epoch(s), end, amounts)
            elif pool_id in wanted_pools:
                pool_adjust[pool_id].add(dates.to_epoch(s), end, amounts)
        for host_id in hosts:
            self._hosts[host_id] = (gens[host_id],
                                    usage[host_id].freeze(),
                                    adjust[host_id].freeze(), None, None)
        for pool_id in pools:
            self._pools[pool_id] = (pool_gens[pool_id],
                                    pool_usage[pool_id].freeze(),
                                    pool_adjust[pool_id].freeze())


    def keep_calendar(self, host_id, calendar, inventories, usage):
        """Remember the calendar a world built from the cached timelines,
        unless they changed meanwhile."""
        with self._lock:
            entry = self._hosts.get(host_id)
            if entry is not None and entry[1] is usage:
                self._hosts[host_id] = entry[:3] + (inventories, calendar)


CACHE = CalendarCache()
