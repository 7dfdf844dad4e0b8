"""SQL checks that no host or pool is ever promised beyond capacity."""
import sqlalchemy as sa

# The peak of a step function is reached at one of its rises, so checking
# the committed amount at every allocation start finds any overbooking.
HOST_OVERBOOKED = sa.text('''
SELECT p.host_id, p.resource_class, p.t, SUM(b.amount) AS held,
       (i.total - i.reserved) * i.allocation_ratio AS capacity
FROM (SELECT DISTINCT host_id, resource_class, start_date AS t
      FROM allocations WHERE host_id IS NOT NULL) p
JOIN allocations b ON b.host_id = p.host_id
                  AND b.resource_class = p.resource_class
                  AND b.start_date <= p.t
                  AND b.end_date > p.t
JOIN host_inventories i ON i.host_id = p.host_id
                       AND i.resource_class = p.resource_class
GROUP BY p.host_id, p.resource_class, p.t, i.total, i.reserved,
         i.allocation_ratio
HAVING SUM(b.amount) > (i.total - i.reserved) * i.allocation_ratio
''')


def overbooked_hosts(url):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(HOST_OVERBOOKED)]
    finally:
        engine.dispose()


class Checker:
    """Consistency checks of a Promise database after a fault."""

    ORPHANS = {
        'reservations without a lease':
            'SELECT r.id FROM reservations r LEFT JOIN leases l '
            'ON l.id = r.lease_id WHERE l.id IS NULL',
        'allocations without a reservation':
            'SELECT a.id FROM allocations a LEFT JOIN reservations r '
            'ON r.id = a.reservation_id WHERE r.id IS NULL',
        'events without a lease':
            'SELECT e.id FROM events e LEFT JOIN leases l '
            'ON l.id = e.lease_id WHERE l.id IS NULL',
    }

    LEASE_PARTS = '''
SELECT l.id, l.name,
       (SELECT COUNT(*) FROM reservations r WHERE r.lease_id = l.id),
       (SELECT COUNT(*) FROM reservations r WHERE r.lease_id = l.id
        AND NOT EXISTS (SELECT 1 FROM allocations a
                        WHERE a.reservation_id = r.id)),
       (SELECT COUNT(*) FROM events e WHERE e.lease_id = l.id
        AND e.event_type IN ('start_lease', 'end_lease')),
       (SELECT COUNT(*) FROM outbox_events o WHERE o.resource_id = l.id
        AND o.event_type = 'lease.create.end')
FROM leases l'''

    def __init__(self, url):
        self.engine = sa.create_engine(url)

    def close(self):
        self.engine.dispose()

    def _rows(self, sql, **params):
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]

    def lease_ids(self):
        return {r[0] for r in self._rows('SELECT id FROM leases')}

    def orphans(self):
        found = {}
        for what, sql in self.ORPHANS.items():
            rows = self._rows(sql)
            if rows:
                found[what] = rows
        return found

    def incomplete_leases(self):
        """Leases missing a reservation's allocations, their start and end
        events, or the notification of their creation."""
        # (reservations, without allocations, start+end events,
        # creation notifications) of a whole one-reservation lease.
        whole = (1, 0, 2, 1)
        return [r for r in self._rows(self.LEASE_PARTS) if r[2:] != whole]

    def events_not_done(self, due_by):
        """Events due by ``due_by`` (naive UTC) not DONE yet."""
        return self._rows("SELECT id, lease_id, event_type, status, time "
                          "FROM events WHERE status <> 'DONE' "
                          "AND time <= :due", due=due_by)

    def events_done(self, due_by):
        return self._rows("SELECT id FROM events WHERE status = 'DONE' "
                          "AND time <= :due", due=due_by)

    def duplicate_notifications(self):
        """Lease notifications written more than once for one lease."""
        return {r[:2]: r[2] for r in self._rows(
            'SELECT resource_id, event_type, COUNT(*) FROM outbox_events '
            "WHERE event_type LIKE 'lease.%' "
            'GROUP BY resource_id, event_type HAVING COUNT(*) > 1')}
