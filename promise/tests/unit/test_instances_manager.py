"""Instances, host failures and preemption in the manager, over the
simulated VIM and a migrated SQLite database."""
import datetime
import time

import fixtures
import sqlalchemy as sa

from promise import dates
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import endpoint
from promise.manager import events
from promise.manager import heal_worker
from promise.manager import healing
from promise.manager import leases
from promise.manager import preemption
from promise.manager import vim_sync
from promise.tests import base
from promise.tests import vim_env

ALLOCATIONS = models.Allocation.__table__


def _lease(name, amount, start='2031-01-05 00:00', end='2031-01-06 00:00'):
    return {'name': name, 'start_date': start, 'end_date': end,
            'reservations': [{'resource_type': 'virtual:instance',
                              'amount': amount, 'vcpus': 2,
                              'memory_mb': 4096, 'disk_gb': 10}]}


def _whole_host(name, host, start='now', end='2031-06-01 00:00'):
    return {'name': name, 'start_date': start, 'end_date': end,
            'reservations': [{
                'resource_type': 'physical:host', 'min': 1, 'max': 1,
                'hypervisor_properties':
                    '["=", "$hypervisor_hostname", "%s"]' % host}]}


class _Base(base.DBTestCase):
    def setUp(self):
        super().setUp()
        self.env = self.useFixture(vim_env.VIMEnvironment(self.conf))
        self.leases = leases.LeaseService()
        self.ctx = vim_env.member()

    def lease(self, lease_id):
        with db_api.reader() as session:
            return session.get(models.Lease, lease_id)

    def hosts_of(self, reservation_id):
        with db_api.reader() as session:
            return {r[0] for r in session.execute(
                sa.select(models.Host.hypervisor_hostname).join(
                    ALLOCATIONS, ALLOCATIONS.c.host_id == models.Host.id)
                .where(ALLOCATIONS.c.reservation_id == reservation_id))}


class TestInstances(_Base):
    def test_boot_and_delete_free_the_claim(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        row = self.env.wait_for(instance_id, 'ACTIVE')
        with db_api.reader() as session:
            held = dict(session.execute(sa.select(
                ALLOCATIONS.c.resource_class, ALLOCATIONS.c.amount).where(
                ALLOCATIONS.c.instance_id == instance_id)).all())
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 4096, 'DISK_GB': 10,
                          'INSTANCES': 1}, held)
        # Pinned where Promise claimed: pack fills the smallest host first.
        self.assertEqual(self.env.host_id('server-c'), row.host_id)
        self.assertEqual('server-c',
                         self.env.driver.get_server(row.server_id).host)
        self.env.instances.delete(self.ctx, instance_id)
        self.env.wait_for(instance_id, 'DELETED')
        with db_api.reader() as session:
            self.assertEqual(0, session.execute(sa.select(
                sa.func.count()).where(
                ALLOCATIONS.c.instance_id == instance_id)).scalar())
        types = [e[0] for e in self.env.outbox('instance.create',
                                               'instance.update',
                                               'instance.delete')]
        self.assertEqual('instance.create', types[0])
        self.assertEqual('instance.delete', types[-1])

    def test_boot_failure_frees_the_claim(self):
        for host in ('server-a', 'server-b', 'server-c'):
            self.env.driver.set_host_failing(host)
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        row = self.env.wait_for(instance_id, 'ERROR')
        self.assertIn('failed to spawn', row.status_reason)
        with db_api.reader() as session:
            self.assertEqual(0, session.execute(sa.select(
                sa.func.count()).where(
                ALLOCATIONS.c.instance_id == instance_id)).scalar())

    def test_ten_fit_and_the_eleventh_is_rejected(self):
        ids = [self.env.instances.create(self.ctx, {'name': 'vm%d' % i,
                                                    'flavor': 'tiny'})
               for i in range(10)]
        exc = self.assertRaises(exceptions.InstanceRejected,
                                self.env.instances.create, self.ctx,
                                {'name': 'vm', 'flavor': 'tiny'})
        self.assertEqual('no_unreserved_capacity', exc.kwargs['reason_code'])
        for instance_id in ids:
            self.env.wait_for(instance_id, 'ACTIVE')


class TestReconcile(_Base):
    """The poll repairs what events that never came left behind."""

    def lose_events(self):
        # The VIM acts, but its instance notifications are lost.
        self.useFixture(fixtures.MonkeyPatch(
            'promise.vim.simulated.SimulatedDriver._emit',
            lambda driver, event: None))

    def wait_server(self, server_id, state):
        deadline = time.monotonic() + 20
        while True:
            servers = {s.id: s for s in self.env.driver.list_servers()}
            current = servers.get(server_id)
            if (current.state if current else 'DELETED') == state:
                return current
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def claimed(self, instance_id):
        with db_api.reader() as session:
            return session.execute(sa.select(sa.func.count()).where(
                ALLOCATIONS.c.instance_id == instance_id)).scalar()

    def status(self, instance_id):
        with db_api.reader() as session:
            return session.get(models.Instance, instance_id)

    def test_a_short_listing_deletes_nothing(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        self.env.wait_for(instance_id, 'ACTIVE')
        # The listing misses the server, which still runs when asked by id.
        self.useFixture(fixtures.MonkeyPatch(
            'promise.vim.simulated.SimulatedDriver.list_servers',
            lambda driver: []))
        self.env.syncer.sync_all()
        self.assertEqual('ACTIVE', self.status(instance_id).status)
        self.assertEqual(4, self.claimed(instance_id))

    def test_a_lost_boot_and_a_lost_deletion_are_repaired(self):
        self.lose_events()
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        server_id = self.status(instance_id).server_id
        self.wait_server(server_id, 'ACTIVE')
        self.assertEqual('BUILDING', self.status(instance_id).status)
        self.env.syncer.sync_all()
        row = self.status(instance_id)
        self.assertEqual('ACTIVE', row.status)
        self.assertEqual(self.env.host_id('server-c'), row.host_id)
        self.assertEqual(4, self.claimed(instance_id))
        # Deleted behind Promise's back: the claim stays until the poll.
        self.env.driver.delete_server(server_id)
        self.wait_server(server_id, 'DELETED')
        self.assertEqual('ACTIVE', self.status(instance_id).status)
        self.env.syncer.sync_all()
        row = self.status(instance_id)
        self.assertEqual('DELETED', row.status)
        self.assertEqual('deleted by the VIM', row.status_reason)
        self.assertEqual(0, self.claimed(instance_id))
        self.assertEqual(instance_id,
                         self.env.outbox('instance.delete')[-1][1])
        # Nothing left to repair.
        self.assertEqual(0, self.env.instances.reconcile(
            self.env.provider_id, self.env.driver))

    def test_a_lost_shelve_and_a_lost_migration_are_repaired(self):
        ids = [self.env.instances.create(self.ctx, {'name': 'vm%d' % i,
                                                    'flavor': 'tiny'})
               for i in range(2)]
        rows = [self.env.wait_for(i, 'ACTIVE') for i in ids]
        self.lose_events()
        self.env.driver.shelve_server(rows[0].server_id)
        self.wait_server(rows[0].server_id, 'SHELVED')
        self.env.driver.live_migrate_server(rows[1].server_id, 'server-b')
        deadline = time.monotonic() + 20
        while self.env.driver.get_server(rows[1].server_id).host != \
                'server-b':
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        self.assertEqual(2, self.env.instances.reconcile(
            self.env.provider_id, self.env.driver))
        self.assertEqual('SHELVED', self.status(ids[0]).status)
        self.assertEqual(0, self.claimed(ids[0]))
        self.assertEqual(self.env.host_id('server-b'),
                         self.status(ids[1]).host_id)
        with db_api.reader() as session:
            self.assertEqual({self.env.host_id('server-b')}, set(
                session.execute(sa.select(ALLOCATIONS.c.host_id).where(
                    ALLOCATIONS.c.instance_id == ids[1])).scalars()))

    def test_a_boot_in_flight_is_left_alone_then_given_up(self):
        instance_id = 'a4d7f0b2-0000-4000-8000-00000000c0de'
        with db_api.writer() as session:
            session.add(models.Instance(
                id=instance_id, provider_id=self.env.provider_id,
                name='in-flight', project_id='p1', user_id='u1',
                flavor='tiny', vcpus=2, memory_mb=4096, disk_gb=10,
                networks=[], status='INITIALIZED', priority='low',
                preemptible=False, created_at=dates.utcnow()))
        self.env.syncer.sync_all()
        self.assertEqual('INITIALIZED', self.status(instance_id).status)
        with db_api.writer() as session:
            session.get(models.Instance, instance_id).created_at = (
                dates.utcnow() - datetime.timedelta(hours=1))
        self.env.syncer.sync_all()
        row = self.status(instance_id)
        self.assertEqual('ERROR', row.status)
        self.assertEqual('the VIM has no server for it', row.status_reason)

    def test_a_server_whose_id_was_never_recorded_is_adopted(self):
        self.lose_events()
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        server_id = self.status(instance_id).server_id
        self.wait_server(server_id, 'ACTIVE')
        # As if the manager stopped before create_server answered.
        with db_api.writer() as session:
            row = session.get(models.Instance, instance_id)
            row.server_id, row.status = None, 'INITIALIZED'
            row.created_at = dates.utcnow() - datetime.timedelta(hours=1)
        self.env.syncer.sync_all()
        row = self.status(instance_id)
        self.assertEqual((server_id, 'ACTIVE'), (row.server_id, row.status))


class TestHostFailure(_Base):
    def test_a_future_reservation_moves_to_another_host(self):
        lease_id = self.leases.create(self.ctx, _lease('later', 1))
        res_id = self.lease(lease_id).reservations[0].id
        [before] = self.hosts_of(res_id)
        self.env.driver.set_host_state(before, 'down', reason='power')
        self.assertEqual('down', db_api.host_get(None, before).state)
        [after] = self.hosts_of(res_id)
        self.assertNotEqual(before, after)
        lease = self.lease(lease_id)
        self.assertEqual('PENDING', lease.status)
        self.assertEqual('moved off host %s is down (power)' % before,
                         lease.reservations[0].status_reason)
        moved = self.env.outbox('reservation.moved', 'host.down')
        self.assertEqual(['reservation.moved', 'host.down'],
                         [e[0] for e in moved])
        self.assertEqual(res_id, moved[0][1])

    def test_no_room_degrades_with_the_reason(self):
        lease_id = self.leases.create(self.ctx, _lease('everything', 10))
        self.env.driver.set_host_state('server-c', 'down')
        lease = self.lease(lease_id)
        self.assertEqual('DEGRADED', lease.status)
        self.assertIn('host server-c is down', lease.status_reason)
        self.assertIn('no other host has room', lease.status_reason)
        self.assertTrue(lease.reservations[0].missing_resources)
        self.assertEqual(1, len(self.env.outbox('lease.degraded')))

    def test_the_host_back_up_heals_the_degraded_lease(self):
        lease_id = self.leases.create(self.ctx, _lease('everything', 10))
        res_id = self.lease(lease_id).reservations[0].id
        before = self.hosts_of(res_id)
        self.env.driver.set_host_state('server-c', 'down')
        self.assertEqual('DEGRADED', self.lease(lease_id).status)
        self.assertEqual([], self.env.outbox('lease.healed'))
        self.env.driver.set_host_state('server-c', 'up')
        lease = self.lease(lease_id)
        self.assertEqual('PENDING', lease.status)
        self.assertFalse(lease.degraded)
        self.assertFalse(lease.reservations[0].missing_resources)
        self.assertEqual('capacity back when host server-c is up',
                         lease.reservations[0].status_reason)
        self.assertEqual(before, self.hosts_of(res_id))
        self.assertEqual([lease_id],
                         [e[1] for e in self.env.outbox('lease.healed')])
        self.assertEqual([res_id], [e[1] for e in self.env.outbox(
            'reservation.healed')])

    def test_the_poll_heals_when_a_degraded_lease_finds_room(self):
        lease_id = self.leases.create(self.ctx, _lease('everything', 10))
        self.env.registry.stop()
        self.env.driver.set_host_state('server-c', 'down')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        self.assertEqual('DEGRADED', self.lease(lease_id).status)
        # Another host down meanwhile: server-c back is not enough for
        # a reservation that also held capacity there.
        held = self.hosts_of(self.lease(lease_id).reservations[0].id)
        other = sorted(held - {'server-c'})[0]
        self.env.driver.set_host_state(other, 'down')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        self.env.driver.set_host_state('server-c', 'up')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        self.assertEqual('DEGRADED', self.lease(lease_id).status)
        self.assertTrue(self.lease(lease_id).reservations[0]
                        .missing_resources)
        self.env.driver.set_host_state(other, 'up')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        self.assertEqual('PENDING', self.lease(lease_id).status)
        self.assertEqual(1, len(self.env.outbox('lease.healed')))

    def test_the_poll_finds_a_host_down_without_an_event(self):
        lease_id = self.leases.create(self.ctx, _lease('later', 1))
        res_id = self.lease(lease_id).reservations[0].id
        [before] = self.hosts_of(res_id)
        # The VIM changes without telling anyone.
        self.env.registry.stop()
        self.env.driver.set_host_state(before, 'down')
        changed = vim_sync.sync_provider(self.env.provider_id,
                                         self.env.driver)
        self.assertEqual([before], changed)
        self.assertNotIn(before, self.hosts_of(res_id))
        self.env.driver.set_host_state(before, 'up')
        self.assertEqual([before], vim_sync.sync_provider(
            self.env.provider_id, self.env.driver))
        self.assertEqual('up', db_api.host_get(None, before).state)
        self.assertEqual(1, len(self.env.outbox('host.up')))


class TestHealOnFreedCapacity(_Base):
    """A degraded lease takes back capacity freed otherwise than by its
    host coming back."""

    def _missing(self, lease_id):
        return self.lease(lease_id).reservations[0].missing_resources

    def test_a_deleted_lease_gives_a_degraded_one_its_room(self):
        first = self.leases.create(self.ctx, _lease('first', 5))
        second = self.leases.create(self.ctx, _lease('second', 5))
        # Nowhere to go: the ten slots are all taken.
        self.env.registry.stop()
        self.env.driver.set_host_state('server-c', 'down')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        degraded = [i for i in (first, second) if self._missing(i)]
        self.assertNotEqual([], degraded)
        kept = degraded[0]
        other = second if kept == first else first
        endpoint_ = endpoint.ManagerEndpoint(leases=self.leases)
        worker = heal_worker.HealWorker()
        endpoint_.capacity_freed = worker.wake
        endpoint_.delete_lease(self.ctx, other)
        self.assertTrue(worker._wake.is_set())
        worker.run_once()
        lease = self.lease(kept)
        self.assertEqual('PENDING', lease.status)
        self.assertFalse(self._missing(kept))
        self.assertIn('capacity was freed',
                      lease.reservations[0].status_reason)
        self.assertNotIn('server-c', self.hosts_of(lease.reservations[0].id))
        self.assertEqual([kept],
                         [e[1] for e in self.env.outbox('lease.healed')])

    def test_unchanged_capacity_is_not_tried_twice(self):
        lease_id = self.leases.create(self.ctx, _lease('everything', 10))
        self.env.registry.stop()
        self.env.driver.set_host_state('server-c', 'down')
        vim_sync.sync_provider(self.env.provider_id, self.env.driver)
        worker = heal_worker.HealWorker()
        tries = []
        real = healing.heal_missing
        self.useFixture(fixtures.MonkeyPatch(
            'promise.manager.healing.heal_missing',
            lambda: tries.append(1) or real()))
        worker.run_once()
        worker.run_once()
        self.assertEqual(1, len(tries))
        self.assertTrue(self._missing(lease_id))
        # Capacity changes elsewhere (another window): worth a new try.
        self.leases.create(self.ctx, _lease('later', 1, '2031-02-01 00:00',
                                            '2031-02-02 00:00'))
        worker.run_once()
        self.assertEqual(2, len(tries))
        self.assertTrue(self._missing(lease_id))


class TestPreemption(_Base):
    def setUp(self):
        super().setUp()
        self.conf.set_override('preemptible_grace_period', 0,
                               group='instances')
        self.evictor = preemption.Evictor(self.env.registry,
                                          self.env.instances)
        self.addCleanup(self.evictor.stop)
        self.runner = events.EventRunner('test', {
            'start_lease': self.evictor.wrap_start(self.leases.start)})

    def _borrow_then_start(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'borrower', 'flavor': 'tiny',
                       'preemptible': True})
        row = self.env.wait_for(instance_id, 'ACTIVE')
        self.assertEqual(self.env.host_id('server-a'), row.host_id)
        # Preemptible instances claim nothing: the whole host can still
        # be reserved.
        lease_id = self.leases.create(self.ctx,
                                      _whole_host('owner', 'server-a'))
        self.runner.run_due()
        self.assertEqual('ACTIVE', self.lease(lease_id).status)
        warning = self.env.outbox('instance.preempt.warning')
        self.assertEqual(instance_id, warning[0][1])
        self.assertEqual(lease_id,
                         warning[0][2]['promise_object.data']['lease_id'])
        return instance_id

    def test_evicted_by_deletion(self):
        instance_id = self._borrow_then_start()
        self.env.wait_for(instance_id, 'DELETED')

    def test_evicted_by_shelving(self):
        self.conf.set_override('preemptible_action', 'shelve',
                               group='instances')
        instance_id = self._borrow_then_start()
        row = self.env.wait_for(instance_id, 'SHELVED')
        self.assertEqual('SHELVED',
                         self.env.driver.get_server(row.server_id).state)

    def test_evicted_by_migration(self):
        self.conf.set_override('preemptible_action', 'migrate',
                               group='instances')
        instance_id = self._borrow_then_start()
        server_id = self.env.wait_for(instance_id, 'ACTIVE').server_id
        for _ in range(200):
            if self.env.driver.get_server(server_id).host == 'server-b':
                break
            time.sleep(0.05)
        self.assertEqual('server-b',
                         self.env.driver.get_server(server_id).host)
        with db_api.reader() as session:
            row = session.get(models.Instance, instance_id)
        self.assertEqual(self.env.host_id('server-b'), row.host_id)

    def test_instances_that_still_fit_stay(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'borrower', 'flavor': 'tiny',
                       'preemptible': True})
        self.env.wait_for(instance_id, 'ACTIVE')
        self.leases.create(self.ctx, _whole_host('elsewhere', 'server-b'))
        self.runner.run_due()
        self.assertEqual([], self.env.outbox('instance.preempt.warning'))


class TestPlannedMigrations(_Base):
    """A migration a placement plan asks for claims its target first,
    beside every reservation, and gives the source back once it is done."""

    def claims(self, instance_id):
        with db_api.reader() as session:
            return sorted({r[0] for r in session.execute(
                sa.select(models.Host.hypervisor_hostname).join(
                    ALLOCATIONS, ALLOCATIONS.c.host_id == models.Host.id)
                .where(ALLOCATIONS.c.instance_id == instance_id))})

    def test_target_reserved_by_a_lease_is_refused(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        row = self.env.wait_for(instance_id, 'ACTIVE')
        # server-a is held whole by a lease from next year: a VM moved
        # there now would sit on capacity promised to someone.
        self.leases.create(self.ctx, _whole_host(
            'later', 'server-a', start='2031-01-01 00:00'))
        error = self.assertRaises(
            exceptions.InstanceRejected, self.env.instances.prepare_move,
            row.server_id, 'server-a')
        self.assertEqual('migration_no_room', error.extra()['reason_code'])
        self.assertEqual(['server-c'], self.claims(instance_id))

    def test_claim_follows_the_migration(self):
        instance_id = self.env.instances.create(
            self.ctx, {'name': 'vm', 'flavor': 'tiny'})
        row = self.env.wait_for(instance_id, 'ACTIVE')
        abort = self.env.instances.prepare_move(row.server_id, 'server-b')
        self.assertEqual(['server-b', 'server-c'], self.claims(instance_id))
        abort()
        self.assertEqual(['server-c'], self.claims(instance_id))
        self.env.instances.prepare_move(row.server_id, 'server-b')
        self.env.driver.live_migrate_server(row.server_id, 'server-b')
        deadline = time.monotonic() + 20
        while self.claims(instance_id) != ['server-b']:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        with db_api.reader() as session:
            self.assertEqual(self.env.host_id('server-b'), session.get(
                models.Instance, instance_id).host_id)

    def test_a_server_promise_did_not_boot_has_nothing_to_claim(self):
        self.assertIsNone(self.env.instances.prepare_move('nope',
                                                          'server-b'))
