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
