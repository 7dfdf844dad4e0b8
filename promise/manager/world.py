"""What admission decides on: hosts, pools and their committed use over a
window, read from the database in the caller's transaction, then claimed on
in memory and written back with compare-and-swap on generations.

Writers bump the generation of every host they claim on and of every pool
whose aggregate they checked; a pool-level claim bumps the generations of
the pool's hosts. Generations are read before the allocations they guard,
so a commit that lands in between makes the write fail and the admission
retry on fresh data (Placement's method).
"""
import collections
import dataclasses
import math

import sqlalchemy as sa

from promise import dates
from promise import engine
from promise import exceptions
from promise.db import models

HOSTS = models.Host.__table__
INVENTORIES = models.HostInventory.__table__
CAPABILITIES = models.HostExtraCapability.__table__
POOLS = models.Pool.__table__
POOL_HOSTS = models.PoolHost.__table__
ALLOCATIONS = models.Allocation.__table__
ADJUSTMENTS = models.CapacityAdjustment.__table__
RESERVATIONS = models.Reservation.__table__


def bump(session, host_ids=(), pool_ids=()):
    """Mark hosts and pools changed after capacity was given back, so that
    cached calendars of them are read again (no compare-and-swap: freeing
    capacity cannot overbook)."""
    for table, ids in ((HOSTS, host_ids), (POOLS, pool_ids)):
        ids = sorted({i for i in ids if i})
        if ids:
            session.execute(table.update().where(table.c.id.in_(ids))
                            .values(generation=table.c.generation + 1,
                                    updated_at=table.c.updated_at))


def holders_of(session, reservation_ids):
    """Hosts and pools where these reservations hold allocations."""
    if not reservation_ids:
        return set(), set()
    rows = session.execute(sa.select(
        ALLOCATIONS.c.host_id, ALLOCATIONS.c.pool_id).where(
        ALLOCATIONS.c.reservation_id.in_(sorted(reservation_ids)))
        .distinct()).all()
    return {r[0] for r in rows if r[0]}, {r[1] for r in rows if r[1]}


class GenerationConflict(Exception):
    """Someone else claimed on what we read: retry on fresh data."""


@dataclasses.dataclass
class HostRow:
    id: str
    name: str
    state: str
    reservable: bool
    generation: int
    zone: str | None
    properties: dict
    inventories: dict

    @property
    def usable(self):
        return self.reservable and self.state == 'up'


@dataclasses.dataclass
class PoolRow:
    id: str
    name: str
    kind: str
    generation: int
    host_ids: frozenset


@dataclasses.dataclass
class Claim:
    reservation_id: str | None
    host_id: str | None
    pool_id: str | None
    amounts: dict
    start: float
    end: float
    # Set for the claim of an instance booted outside any reservation.
    instance_id: str | None = None


class World:
    def __init__(self, session, start, end, exclude_reservations=(),
                 cache=None):
        """Read the state relevant to the window [start, end) (epoch s).

        With a ``cache`` (promise.manager.calendar_cache) and nothing to
        exclude, calendars come from it; otherwise they are read from the
        database for the window.
        """
        self.session = session
        self.start = start
        self.end = end
        self.claims = []
        self._checked_pools = set()
        self._exclude = set(exclude_reservations)
        # What each reservation holds in the window, as loaded (only when
        # read from the database).
        self.held = {}
        self._pool_usage = collections.defaultdict(engine.Timeline)
        self._pool_adjust = collections.defaultdict(engine.Timeline)
        self._private = set()
        # Hosts and pools whose allocations this change gives back: their
        # generations move too when it is written.
        self.released_hosts = set()
        self.released_pools = set()
        if cache is not None and not self._exclude and cache.serves(start):
            self._from_cache(cache)
        else:
            self.host_gens = self._read_generations(HOSTS)
            self.pool_gens = self._read_generations(POOLS)
            self.hosts, self.pools = self.read_static(session)
            # Calendars are named after hosts, so that the engine's ties
            # break the same way in every deployment (by hostname).
            self.calendars = {
                h.id: engine.HostCalendar(h.name, h.inventories)
                for h in self.hosts.values()}
            self._private = set(self.calendars)
            self._load_usage()
        self.by_name = {h.name: h.id for h in self.hosts.values()}

    def _read_generations(self, table):
        return dict(self.session.execute(
            sa.select(table.c.id, table.c.generation)).all())

    def _from_cache(self, cache):
        static, self.host_gens, self.pool_gens, hosts, pools = \
            cache.snapshot(self.session, World)
        self.hosts, self.pools = static
        self.calendars = {}
        for host_id, host in self.hosts.items():
            entry = hosts.get(host_id)
            if entry is None or entry[3] is not host.inventories:
                # A calendar for these inventories, shared by every world
                # until the host changes; worlds copy it before claiming.
                usage, adjust = (entry[1], entry[2]) if entry else (None,
                                                                    None)
                cal = engine.HostCalendar(host.name, host.inventories,
                                          usage, adjust)
                cache.keep_calendar(host_id, cal, host.inventories, usage)
                self.calendars[host_id] = cal
            else:
                self.calendars[host_id] = entry[4]
        for pool_id, (gen, usage, adjust) in pools.items():
            if len(usage):
                self._pool_usage[pool_id] = usage.copy()
            if len(adjust):
                self._pool_adjust[pool_id] = adjust.copy()

    def _own(self, host_id):
        """A private calendar for a host this world is about to change."""
        if host_id not in self._private:
            shared = self.calendars[host_id]
            self.calendars[host_id] = engine.HostCalendar(
                shared.name, shared.inventories, shared.usage,
                shared.adjustments)
            self._private.add(host_id)
        return self.calendars[host_id]

    # -- reading -------------------------------------------------------
    @staticmethod
    def read_static(session):
        """Hosts (properties, inventories) and pools (members)."""
        rows = session.execute(sa.select(
            HOSTS.c.id, HOSTS.c.hypervisor_hostname, HOSTS.c.state,
            HOSTS.c.reservable, HOSTS.c.generation,
            HOSTS.c.availability_zone, HOSTS.c.vcpus, HOSTS.c.memory_mb,
            HOSTS.c.local_gb, HOSTS.c.hypervisor_type,
            HOSTS.c.hypervisor_version, HOSTS.c.service_name)).all()
        hosts = {}
        for r in rows:
            props = {'hypervisor_hostname': r[1], 'vcpus': r[6],
                     'memory_mb': r[7], 'local_gb': r[8],
                     'hypervisor_type': r[9], 'hypervisor_version': r[10],
                     'service_name': r[11], 'availability_zone': r[5]}
            hosts[r[0]] = HostRow(r[0], r[1], r[2], r[3], r[4], r[5], props,
                                  {})
        for host_id, name, value in session.execute(sa.select(
                CAPABILITIES.c.host_id, CAPABILITIES.c.capability_name,
                CAPABILITIES.c.capability_value)):
            if host_id in hosts:
                hosts[host_id].properties.setdefault(name, value)
        for r in session.execute(sa.select(
                INVENTORIES.c.host_id, INVENTORIES.c.resource_class,
                INVENTORIES.c.total, INVENTORIES.c.reserved,
                INVENTORIES.c.allocation_ratio, INVENTORIES.c.min_unit,
                INVENTORIES.c.max_unit, INVENTORIES.c.step_size)):
            if r[0] in hosts:
                hosts[r[0]].inventories[r[1]] = engine.Inventory(
                    total=r[2], reserved=r[3], allocation_ratio=r[4],
                    min_unit=r[5], max_unit=r[6], step_size=r[7])
        members = collections.defaultdict(set)
        for pool_id, host_id in session.execute(sa.select(
                POOL_HOSTS.c.pool_id, POOL_HOSTS.c.host_id)):
            members[pool_id].add(host_id)
        pools = {}
        for r in session.execute(sa.select(
                POOLS.c.id, POOLS.c.name, POOLS.c.kind,
                POOLS.c.generation)):
            pools[r[0]] = PoolRow(r[0], r[1], r[2], r[3],
                                  frozenset(members[r[0]]))
        return hosts, pools

    def _window(self, table):
        cond = table.c.start_date < dates.from_epoch(self.end) \
            if self.end != math.inf else sa.true()
        if table is ADJUSTMENTS:
            return sa.and_(cond, sa.or_(
                table.c.end_date.is_(None),
                table.c.end_date > dates.from_epoch(self.start)))
        return sa.and_(cond, table.c.end_date > dates.from_epoch(self.start))

    def _load_usage(self):
        query = sa.select(
            ALLOCATIONS.c.reservation_id, ALLOCATIONS.c.host_id,
            ALLOCATIONS.c.pool_id, ALLOCATIONS.c.resource_class,
            ALLOCATIONS.c.amount, ALLOCATIONS.c.start_date,
            ALLOCATIONS.c.end_date).where(self._window(ALLOCATIONS))
        per_host = collections.defaultdict(list)
        for res_id, host_id, pool_id, rc, amount, s, e in \
                self.session.execute(query):
            if res_id in self._exclude:
                continue
            span = (dates.to_epoch(s), dates.to_epoch(e))
            if res_id is not None:
                # Instances booted outside reservations are not moved.
                self.held.setdefault(res_id, []).append(
                    Claim(res_id, host_id, pool_id, {rc: amount}, *span))
            if host_id is not None:
                per_host[host_id].append((span, rc, amount))
            elif pool_id is not None:
                self._pool_usage[pool_id].add(span[0], span[1],
                                              {rc: amount})
        for host_id, items in per_host.items():
            cal = self.calendars.get(host_id)
            if cal is None:
                continue
            for (s, e), rc, amount in items:
                cal.claim(s, e, {rc: amount})
        for host_id, pool_id, amounts, s, e in self.session.execute(
                sa.select(ADJUSTMENTS.c.host_id, ADJUSTMENTS.c.pool_id,
                          ADJUSTMENTS.c.amounts, ADJUSTMENTS.c.start_date,
                          ADJUSTMENTS.c.end_date)
                .where(self._window(ADJUSTMENTS))):
            self.adjust(host_id, pool_id, dates.to_epoch(s),
                        dates.to_epoch(e), amounts)

    def adjust(self, host_id, pool_id, start, end, amounts):
        """Apply a capacity adjustment to the calendars in memory."""
        if host_id is not None and host_id in self.calendars:
            self._own(host_id).adjust(start, end, amounts)
        elif pool_id is not None:
            self._pool_adjust[pool_id].add(start, end, amounts)

    # -- queries -------------------------------------------------------
    def usable_hosts(self, predicate=None):
        """Hosts that take new reservations, in name order."""
        hosts = [h for h in self.hosts.values() if h.usable and
                 (predicate is None or predicate(h))]
        return sorted(hosts, key=lambda h: h.name)

    def calendars_of(self, hosts):
        return [self.calendars[h.id] for h in hosts]

    def find_pool(self, ref):
        for pool in self.pools.values():
            if ref in (pool.id, pool.name):
                return pool
        raise exceptions.NotFound(object='Pool', id=ref)

    def _descendants(self, pool):
        """Pools whose hosts all lie in ``pool`` (itself included)."""
        return [p for p in self.pools.values()
                if p.host_ids and p.host_ids <= pool.host_ids] or [pool]

    def pool_calendar(self, pool):
        # Amounts reserved in, and capacity added to, a pool count for
        # every pool that holds all of its hosts.
        usage, adjust = engine.Timeline(), engine.Timeline()
        for sub in self._descendants(pool):
            if sub.id in self._pool_usage:
                usage = usage + self._pool_usage[sub.id]
            if sub.id in self._pool_adjust:
                adjust = adjust + self._pool_adjust[sub.id]
        hosts = [self.calendars[h] for h in sorted(pool.host_ids)
                 if h in self.calendars and self.hosts[h].usable]
        return engine.PoolCalendar(pool.id, hosts, usage, adjust)

    # -- claiming ------------------------------------------------------
    def claim_host(self, reservation_id, host_id, start, end, amounts,
                   instance_id=None):
        self._own(host_id).claim(start, end, amounts)
        self.claims.append(Claim(reservation_id, host_id, None,
                                 dict(amounts), start, end, instance_id))

    def claim_pool(self, reservation_id, pool, start, end, amounts):
        self._pool_usage[pool.id].add(start, end, amounts)
        self.claims.append(Claim(reservation_id, None, pool.id,
                                 dict(amounts), start, end))
        self._checked_pools.add(pool.id)

    def release_reservation(self, reservation_id):
        """Take a reservation's loaded allocations out of the calendars
        (it is about to be moved); returns what it held."""
        held = self.held.pop(reservation_id, [])
        for claim in held:
            if claim.host_id in self.calendars:
                self._own(claim.host_id).release(
                    claim.start, claim.end, claim.amounts)
            elif claim.pool_id is not None:
                self._pool_usage[claim.pool_id].add(
                    claim.start, claim.end,
                    {rc: -v for rc, v in claim.amounts.items()})
        return held

    def reapply(self, held):
        """Put back what release_reservation took out."""
        for claim in held:
            if claim.host_id in self.calendars:
                self._own(claim.host_id).claim(claim.start, claim.end,
                                               claim.amounts)
            elif claim.pool_id is not None:
                self._pool_usage[claim.pool_id].add(claim.start, claim.end,
                                                    claim.amounts)
        if held:
            self.held[held[0].reservation_id] = held

    def rollback(self, mark):
        """Undo the claims made since ``len(self.claims)`` was ``mark``."""
        for claim in self.claims[mark:]:
            if claim.host_id:
                self._own(claim.host_id).release(claim.start, claim.end,
                                                 claim.amounts)
            else:
                self._pool_usage[claim.pool_id].add(
                    claim.start, claim.end,
                    {rc: -v for rc, v in claim.amounts.items()})
        del self.claims[mark:]

    def breakpoints(self):
        """Every instant where some host's or pool's free capacity
        changes, sorted."""
        times = set()
        for cal in self.calendars.values():
            times.update(cal.free().breakpoints)
        for timelines in (self._pool_usage, self._pool_adjust):
            for timeline in timelines.values():
                times.update(timeline.breakpoints)
        return sorted(times)

    def holds_pool_amounts(self):
        """Whether some pool holds amount reservations (or claims) here:
        without any, pools_still_fit() holds whatever hosts are taken."""
        return bool(self._pool_usage)

    def pools_still_fit(self):
        """Every pool with amount reservations that shares hosts with what
        was claimed keeps non-negative free capacity over the claimed
        windows; records the pools checked.

        A claim on a pool also counts against the pools that contain it,
        so enclosing pools are checked too.
        """
        if not self.claims:
            return True
        touched = set()
        for claim in self.claims:
            if claim.host_id:
                touched.add(claim.host_id)
            else:
                touched.update(self.pools[claim.pool_id].host_ids)
        start = min(c.start for c in self.claims)
        end = max(c.end for c in self.claims)
        for pool in self.pools.values():
            if not (pool.host_ids & touched):
                continue
            subs = [p.id for p in self._descendants(pool)]
            if not any(p in self._pool_usage for p in subs):
                continue
            self._checked_pools.add(pool.id)
            free = self.pool_calendar(pool).free()
            low = free.min_over(start, end)
            if any(v < 0 for v in low.values()):
                return False
        return True

    # -- writing -------------------------------------------------------
    def write(self, extra_hosts=()):
        """Insert the claims as allocations, bumping generations."""
        hosts = {c.host_id for c in self.claims if c.host_id}
        hosts.update(extra_hosts)
        pools = set(self._checked_pools)
        for pool_id in {c.pool_id for c in self.claims if c.pool_id}:
            hosts.update(self.pools[pool_id].host_ids)
        for host_id in sorted(hosts):
            self._bump(HOSTS, host_id, self.host_gens[host_id])
        for pool_id in sorted(pools):
            self._bump(POOLS, pool_id, self.pool_gens[pool_id])
        rows = []
        for c in self.claims:
            for rc, amount in c.amounts.items():
                if amount:
                    rows.append({
                        'reservation_id': c.reservation_id,
                        'instance_id': c.instance_id,
                        'host_id': c.host_id, 'pool_id': c.pool_id,
                        'resource_class': rc, 'amount': amount,
                        'start_date': dates.from_epoch(c.start),
                        'end_date': dates.from_epoch(c.end) or
                        dates.FAR_FUTURE,
                        'created_at': dates.utcnow()})
        if rows:
            self.session.execute(ALLOCATIONS.insert(), rows)
        bump(self.session, self.released_hosts - hosts,
             self.released_pools - pools)

    def _bump(self, table, row_id, generation):
        result = self.session.execute(
            table.update()
            .where(table.c.id == row_id, table.c.generation == generation)
            .values(generation=generation + 1,
                    updated_at=table.c.updated_at))
        if result.rowcount != 1:
            raise GenerationConflict('%s %s changed concurrently' %
                                     (table.name, row_id))
