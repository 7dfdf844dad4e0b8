"""Parallel boots and lease admissions on PostgreSQL and MariaDB: the
compare-and-swap on host generations lets exactly the capacity through
and never overbooks a host; parallel boots on one reservation never take
more than it reserved."""
import concurrent.futures
import threading

import sqlalchemy as sa
import testscenarios

from promise import exceptions
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import migration
from promise.db import models
from promise.manager import events
from promise.manager import leases
from promise.tests import base
from promise.tests import vim_env
from promise.tests.functional import services

load_tests = testscenarios.load_tests_apply_scenarios

TINY = {'vcpus': 2, 'memory_mb': 4096, 'disk_gb': 10}


def _race(calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        try:
            return call()
        except exceptions.PromiseException as exc:
            return exc

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


class TestParallelBoots(base.TestCase):
    scenarios = [('postgresql', {'kind': 'postgresql'}),
                 ('mysql', {'kind': 'mysql'})]

    def setUp(self):
        super().setUp()
        url = self.useFixture(services.Database(self, self.kind)).url
        CONF.set_override('connection', url, group='database')
        db_api.dispose_engine()
        self.addCleanup(db_api.dispose_engine)
        migration.upgrade('head')
        self.conf.set_override('admission_retries', 50, group='reservation')
        self.env = self.useFixture(vim_env.VIMEnvironment(self.conf))
        self.leases = leases.LeaseService()

    def _used_now(self):
        """{host: {class: amount}} held now by allocations, against the
        hosts' capacity."""
        now = models._utcnow()
        alloc = models.Allocation.__table__
        with db_api.reader() as session:
            rows = session.execute(
                sa.select(alloc.c.host_id, alloc.c.resource_class,
                          sa.func.sum(alloc.c.amount))
                .where(alloc.c.host_id.is_not(None),
                       alloc.c.start_date <= now, alloc.c.end_date > now)
                .group_by(alloc.c.host_id, alloc.c.resource_class)).all()
            caps = {(r.host_id, r.resource_class): r.total
                    for r in session.query(models.HostInventory)}
        return rows, caps

    def test_boots_and_leases_never_overbook(self):
        ctx = vim_env.member()
        lease = {'name': 'l', 'start_date': 'now',
                 'end_date': '2031-06-01 00:00',
                 'reservations': [dict(TINY, amount=1,
                                       resource_type='virtual:instance')]}
        calls = [lambda i=i: self.env.instances.create(
            ctx, {'name': 'vm%d' % i, 'flavor': 'tiny'}) for i in range(14)]
        calls += [lambda: self.leases.create(ctx, dict(lease))
                  for _ in range(6)]
        results = _race(calls)
        won = [r for r in results if isinstance(r, str)]
        lost = [r for r in results if not isinstance(r, str)]
        # Ten tiny slots in all: exactly ten requests win.
        self.assertEqual(10, len(won), lost)
        for exc in lost:
            self.assertIsInstance(exc, (exceptions.InstanceRejected,
                                        exceptions.CannotBeMet))
        rows, caps = self._used_now()
        for host_id, rc, amount in rows:
            self.assertLessEqual(amount, caps[(host_id, rc)])

    def test_boots_on_one_reservation_take_what_it_reserved(self):
        ctx = vim_env.member()
        lease_id = self.leases.create(ctx, {
            'name': 'three', 'start_date': 'now',
            'end_date': '2031-06-01 00:00',
            'reservations': [dict(TINY, amount=3,
                                  resource_type='virtual:instance')]})
        events.EventRunner('t', {'start_lease': self.leases.start}).run_due()
        with db_api.reader() as session:
            res_id = session.get(models.Lease, lease_id).reservations[0].id
        results = _race([lambda i=i: self.env.instances.create(
            ctx, {'name': 'vm%d' % i, 'flavor': 'tiny',
                  'reservation_id': res_id}) for i in range(8)])
        won = [r for r in results if isinstance(r, str)]
        self.assertEqual(3, len(won), results)
        for exc in results:
            if not isinstance(exc, str):
                self.assertEqual('reservation_full',
                                 exc.kwargs['reason_code'])
        for instance_id in won:
            self.env.wait_for(instance_id, 'ACTIVE')
