"""After a load run: read the database and check it against every answer
the clients got, and that no host was ever over its capacity."""
import collections
import datetime

import sqlalchemy as sa

from promise.bench import load_clients
from promise.db import models
from promise.tests.functional import invariants

_FMT = '%Y-%m-%d %H:%M'


def _actual_states(conn):
    """name -> (start, end, reservation id, amount, problems)."""
    # Through the models' tables, so that every dialect gives datetimes.
    lt = models.Lease.__table__
    leases = {r.id: r for r in conn.execute(sa.select(
        lt.c.id, lt.c.name, lt.c.start_date, lt.c.end_date))}
    reservations = collections.defaultdict(list)
    table = models.Reservation.__table__
    for r in conn.execute(sa.select(table.c.id, table.c.lease_id,
                                    table.c['values'])):
        reservations[r.lease_id].append(r)
    held = collections.defaultdict(lambda: collections.Counter())
    windows = collections.defaultdict(set)
    at = models.Allocation.__table__
    for a in conn.execute(sa.select(
            at.c.reservation_id, at.c.resource_class, at.c.amount,
            at.c.start_date, at.c.end_date)):
        held[a.reservation_id][a.resource_class] += a.amount
        windows[a.reservation_id].add((a.start_date, a.end_date))
    states = {}
    for lease in leases.values():
        problems = []
        res = reservations.get(lease.id, [])
        if len(res) != 1:
            problems.append('%d reservations' % len(res))
            states[lease.name] = (lease.start_date, lease.end_date, None,
                                  None, problems)
            continue
        res = res[0]
        values = res[2]
        amount = values.get('amount')
        want = {rc: amount * v for rc, v in (
            ('VCPU', 4), ('MEMORY_MB', 8192), ('DISK_GB', 20),
            ('INSTANCES', 1))}
        if dict(held[res.id]) != want:
            problems.append('allocations %s for amount %s' %
                            (dict(held[res.id]), amount))
        if windows[res.id] != {(lease.start_date, lease.end_date)}:
            problems.append('allocation windows %s' % windows[res.id])
        states[lease.name] = (lease.start_date, lease.end_date, res.id,
                              amount, problems)
    return states


def _matches(candidate, actual):
    if candidate is load_clients.ABSENT:
        return actual is None
    if actual is None:
        return False
    start, end, res_id, amount = actual[:4]
    if candidate[0] == 'requested':
        _, s, e, want = candidate
        return (start.strftime(_FMT), end.strftime(_FMT), amount) == \
            (s, e, want)
    if candidate[0] == 'updated':
        body = candidate[1]
        if 'start_date' in body:
            return (start.strftime(_FMT), end.strftime(_FMT)) == \
                (body['start_date'], body['end_date'])
        return amount == body['reservations'][0]['amount']
    return tuple(candidate) == (start, end, res_id, amount)


def verify(url, ledger):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            actual = _actual_states(conn)
    finally:
        engine.dispose()
    failures = []
    counts = collections.Counter()
    for name, candidates in sorted(ledger.expected.items()):
        state = actual.get(name)
        if state is not None and state[4]:
            failures.append('%s: %s' % (name, '; '.join(state[4])))
        if not any(_matches(c, state) for c in candidates):
            failures.append('%s: database holds %s, answers allow %s' %
                            (name, state and state[:4], candidates))
        if len(candidates) > 1:
            counts['unknown_outcome'] += 1
        elif candidates[0] is load_clients.ABSENT:
            counts['absent_as_answered'] += 1
        else:
            counts['present_as_answered'] += 1
    strangers = sorted(set(actual) - set(ledger.expected))
    for name in strangers:
        failures.append('%s: in the database, never asked for' % name)
    overbooked = invariants.overbooked_hosts(url)
    for row in overbooked[:20]:
        failures.append('overbooked host %s %s at %s: %s > %s' % row)
    return {'leases_in_database': len(actual),
            'leases_checked': len(ledger.expected),
            'outcomes': dict(counts),
            'overbooked_host_instants': len(overbooked),
            'failures': failures[:50],
            'failure_count': len(failures),
            'checked_at': datetime.datetime.now(
                datetime.timezone.utc).isoformat()}
