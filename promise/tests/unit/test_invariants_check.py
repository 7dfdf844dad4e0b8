"""The SQL overbooking check used by the race tests finds overbooking."""
import datetime

from promise.db import api as db_api
from promise.db import models
from promise.manager import host_sync
from promise.tests import base
from promise.tests.functional import invariants
from promise.vim import simulated

T0 = datetime.datetime(2031, 1, 1, 10)
HOUR = datetime.timedelta(hours=1)


class TestOverbookingCheck(base.DBTestCase):
    def _allocate(self, host_id, vcpus, start, end):
        with db_api.writer() as session:
            lease = models.Lease(name='x', start_date=start, end_date=end,
                                 status='PENDING', degraded=False,
                                 generation=0)
            res = models.Reservation(resource_type='virtual:instance',
                                     status='pending', values={},
                                     missing_resources=False,
                                     resources_changed=False)
            res.allocations.append(models.Allocation(
                host_id=host_id, resource_class='VCPU', amount=vcpus,
                start_date=start, end_date=end))
            lease.reservations.append(res)
            session.add(lease)

    def test_detects_overlap_beyond_capacity(self):
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host = db_api.host_get(None, 'compute-001')  # 32 vCPU
        url = self.conf.database.connection
        self._allocate(host.id, 16, T0, T0 + 2 * HOUR)
        self._allocate(host.id, 16, T0, T0 + 2 * HOUR)
        self.assertEqual([], invariants.overbooked_hosts(url))
        # Touching windows do not overlap.
        self._allocate(host.id, 32, T0 + 2 * HOUR, T0 + 3 * HOUR)
        self.assertEqual([], invariants.overbooked_hosts(url))
        self._allocate(host.id, 1, T0 + HOUR, T0 + 90 * HOUR)
        rows = invariants.overbooked_hosts(url)
        self.assertEqual(2, len(rows))
        self.assertEqual({33}, {r[3] for r in rows})
