"""The reserved-capacity calendar as nova-scheduler holds it.

``GET /v1/calendar`` gives, per host, step functions of reserved capacity
as parallel arrays (see promise.manager.calendar_endpoint). Each is turned
into an engine Timeline once per calendar version, and hosts whose arrays
did not change between versions keep what was built for them. From the
Timeline a host keeps its breakpoints, the values in force on each step,
and the peak from each step on, so that checking an open-ended window is
one bisection, and a bounded window a bisection and a max over the steps
it covers.
"""
from bisect import bisect_left
from bisect import bisect_right
import math

from promise.engine import Timeline

INF = math.inf
# Lease statuses in which instances may be booted on a reservation.
RUNNING = frozenset(('ACTIVE', 'DEGRADED'))


class Steps:
    """One step function of per-class amounts, ``classes`` in order, of a
    host whose capacity per class (Promise's) is ``capacity``."""

    __slots__ = ('timeline', 'times', 'rows', 'peaks', 'capacity')

    def __init__(self, classes, times, values, capacity=()):
        self.capacity = capacity
        self.timeline = self._timeline(classes, times, values).freeze()
        self.times = list(self.timeline.breakpoints)
        # rows[k]: values in force from times[k - 1] on (rows[0]: before
        # the first breakpoint, which includes the calendar's "now").
        rows = [tuple(self.timeline.value_at(-INF, classes)[rc]
                      for rc in classes)]
        for t in self.times:
            row = self.timeline.value_at(t, classes)
            rows.append(tuple(row[rc] for rc in classes))
        self.rows = rows
        peaks = [None] * len(rows)
        running = rows[-1]
        for k in range(len(rows) - 1, -1, -1):
            running = tuple(map(max, running, rows[k]))
            peaks[k] = running
        self.peaks = peaks

    @staticmethod
    def _timeline(classes, times, values):
        base = {rc: col[0] for rc, col in zip(classes, values)}
        timeline = Timeline(base)
        previous = base
        for i in range(1, len(times)):
            row = {rc: col[i] for rc, col in zip(classes, values)}
            delta = {rc: row[rc] - previous[rc] for rc in classes
                     if row[rc] != previous[rc]}
            if delta:
                # Appending at the end keeps each addition O(1).
                timeline.add(times[i], INF, delta)
            previous = row
        return timeline

    def peak(self, now, end=INF):
        """Largest value of each class on ``[now, end)``, as a tuple."""
        k = bisect_right(self.times, now)
        if end == INF:
            return self.peaks[k]
        hi = bisect_left(self.times, end)
        if hi <= k:
            return self.rows[k]
        if hi == len(self.times):
            # The window runs past the last change.
            return self.peaks[k]
        return tuple(map(max, *self.rows[k:hi + 1]))


class Host:
    __slots__ = ('capacity', 'reserved', 'taken', 'raw')

    def __init__(self, classes, raw):
        self.raw = raw
        self.capacity = tuple(INF if c is None else c
                              for c in raw.get('capacity') or
                              [None] * len(classes))
        self.reserved = (Steps(classes, raw['t'], raw['reserved'],
                               self.capacity)
                         if raw.get('t') else None)
        self.taken = (Steps(classes, raw['t_taken'], raw['taken'],
                            self.capacity)
                      if raw.get('t_taken') else None)


class Reservation:
    __slots__ = ('id', 'lease_id', 'status', 'end', 'hosts')

    def __init__(self, res_id, raw):
        self.id = res_id
        self.lease_id = raw.get('lease_id')
        self.status = raw.get('status')
        self.end = raw.get('end', INF)
        self.hosts = {name: tuple(held)
                      for name, held in (raw.get('hosts') or {}).items()}

    def running(self, now):
        return self.status in RUNNING and now < self.end


class Calendar:
    """One version of the calendar, identified by its ETag."""

    def __init__(self, doc, etag=None, previous=None):
        self.etag = etag
        self.now = doc.get('now', 0)
        self.classes = tuple(doc['classes'])
        reuse = (previous.hosts if previous is not None and
                 previous.classes == self.classes else {})
        hosts = {}
        for name, raw in (doc.get('hosts') or {}).items():
            old = reuse.get(name)
            hosts[name] = old if old is not None and old.raw == raw \
                else Host(self.classes, raw)
        self.hosts = hosts
        # What the per-host checks look up: only hosts with something on
        # their calendar.
        self.reserved = {name: host.reserved for name, host in hosts.items()
                         if host.reserved is not None}
        self.taken = {name: host.taken for name, host in hosts.items()
                      if host.taken is not None}
        self.reservations = {
            rid: Reservation(rid, raw)
            for rid, raw in (doc.get('reservations') or {}).items()}

    def __repr__(self):
        return 'Calendar(etag=%r, hosts=%d, reservations=%d)' % (
            self.etag, len(self.hosts), len(self.reservations))
