import datetime

import sqlalchemy as sa

from promise import dates
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import host_sync
from promise.manager import inventory
from promise.tests import base
from promise.vim import simulated

DAY = datetime.timedelta(days=1)


class InventoryTestCase(base.DBTestCase):
    """The simulated DC's 210 hosts in pools "all" and "nova"."""

    def setUp(self):
        super().setUp()
        self.driver = simulated.SimulatedDriver()
        host_sync.sync_hosts(self.driver)
        host_sync.sync_pools()

    def info(self, name):
        return next(i for i in self.driver.list_hosts()
                    if i.hypervisor_hostname == name)

    def host(self, ref):
        return db_api.host_get(None, ref)

    def pool(self, ref):
        return db_api.pool_get(None, ref)

    def allocate(self, host=None, pool=None, amount=8, ends_in=DAY,
                 name='lease'):
        """A lease holding ``amount`` VCPU on a host or pool from
        yesterday until now + ``ends_in``; returns the lease id."""
        now = dates.utcnow()
        with db_api.writer() as session:
            lease = models.Lease(name=name, start_date=now - DAY,
                                 end_date=now + ends_in, status='ACTIVE',
                                 degraded=False, generation=0)
            res = models.Reservation(resource_type='physical:host',
                                     status='active', values={},
                                     missing_resources=False,
                                     resources_changed=False)
            lease.reservations.append(res)
            session.add(lease)
            session.flush()
            session.add(models.Allocation(
                reservation_id=res.id,
                host_id=self.host(host).id if host else None,
                pool_id=self.pool(pool)['id'] if pool else None,
                resource_class='VCPU', amount=amount,
                start_date=now - DAY, end_date=now + ends_in))
            return lease.id

    def count(self, table, **where):
        with db_api.reader() as session:
            query = sa.select(sa.func.count()).select_from(table)
            for column, value in where.items():
                query = query.where(table.c[column] == value)
            return session.execute(query).scalar()


class TestHosts(InventoryTestCase):
    def test_create_registers_like_host_sync(self):
        inventory.delete_host('compute-100')
        all_before = self.pool('all')['generation']
        host_id = inventory.create_host(self.info('compute-100'),
                                        {'gpu': True, 'nics': 4})
        host = self.host(host_id)
        self.assertEqual('compute-100', host.hypervisor_hostname)
        self.assertTrue(host.reservable)
        self.assertEqual(0, host.generation)
        inv = {i.resource_class: i.total for i in host.inventories}
        self.assertEqual({'VCPU': 40, 'MEMORY_MB': 196608, 'DISK_GB': 2048,
                          'INSTANCES': 40}, inv)
        caps = {c.capability_name: c.capability_value
                for c in host.extra_capabilities}
        self.assertEqual('true', caps['gpu'])
        self.assertEqual('4', caps['nics'])
        self.assertEqual('type2', caps['server_type'])
        self.assertIn(host_id, self.pool('all')['hosts'])
        self.assertIn(host_id, self.pool('nova')['hosts'])
        self.assertEqual(all_before + 1, self.pool('all')['generation'])

    def test_create_unreservable(self):
        inventory.delete_host('compute-100')
        host_id = inventory.create_host(self.info('compute-100'),
                                        reservable=False)
        self.assertFalse(self.host(host_id).reservable)

    def test_create_twice_is_conflict(self):
        exc = self.assertRaises(exceptions.Conflict, inventory.create_host,
                                self.info('compute-001'))
        self.assertIn('compute-001 is already registered', exc.message)

    def test_create_joins_pools_it_lacks(self):
        inventory.delete_pool('nova')
        inventory.delete_host('compute-100')
        host_id = inventory.create_host(self.info('compute-100'))
        nova = self.pool('nova')
        self.assertEqual('zone', nova['kind'])
        self.assertEqual([host_id], nova['hosts'])

    def test_create_leaves_a_pool_of_another_kind_alone(self):
        inventory.delete_pool('nova')
        inventory.create_pool({'name': 'nova', 'kind': 'custom'})
        inventory.delete_host('compute-100')
        inventory.create_host(self.info('compute-100'))
        self.assertEqual([], self.pool('nova')['hosts'])

    def test_update_bumps_the_generation(self):
        before = self.host('compute-004').generation
        inventory.update_host('compute-004', {'gpu': 'yes', 'nics': 2})
        host = self.host('compute-004')
        self.assertEqual(before + 1, host.generation)
        caps = {c.capability_name: c.capability_value
                for c in host.extra_capabilities}
        self.assertEqual('yes', caps['gpu'])
        inventory.update_host(host.id, {'gpu': 'no', 'nics': None},
                              reservable=False)
        host = self.host('compute-004')
        self.assertEqual(before + 2, host.generation)
        self.assertFalse(host.reservable)
        caps = {c.capability_name: c.capability_value
                for c in host.extra_capabilities}
        self.assertEqual('no', caps['gpu'])
        self.assertNotIn('nics', caps)

    def test_update_unknown_host(self):
        exc = self.assertRaises(exceptions.NotFound, inventory.update_host,
                                'compute-999', {'gpu': 'yes'})
        self.assertEqual(404, exc.code)

    def test_unreservable_may_not_break_a_pool_reservation(self):
        inventory.create_pool({'name': 'p', 'hosts': ['compute-010',
                                                      'compute-011']})
        self.allocate(pool='p', amount=40)
        exc = self.assertRaises(exceptions.Conflict, inventory.update_host,
                                'compute-010', reservable=False)
        self.assertIn('pool(s) p ', exc.message)
        self.assertTrue(self.host('compute-010').reservable)
        # A host outside the pool is not held back.
        inventory.update_host('compute-012', reservable=False)

    def test_a_pool_already_short_does_not_block_others(self):
        inventory.create_pool({'name': 'p', 'hosts': ['compute-010']})
        self.allocate(pool='p', amount=40)
        inventory.update_host('compute-001', {'x': '1'}, reservable=False)
        self.assertFalse(self.host('compute-001').reservable)

    def test_delete_refused_while_allocated(self):
        lease_id = self.allocate(host='compute-001', name='busy')
        exc = self.assertRaises(exceptions.Conflict, inventory.delete_host,
                                'compute-001')
        self.assertIn('%s (busy)' % lease_id, exc.message)
        self.assertIsNotNone(self.host('compute-001'))

    def test_delete_after_allocations_ended(self):
        self.allocate(host='compute-001', ends_in=-DAY / 2)
        host_id = self.host('compute-001').id
        pools = [p['id'] for p in db_api.pool_list(None)
                 if host_id in p['hosts']]
        before = {p: self.pool(p)['generation'] for p in pools}
        self.assertEqual(host_id, inventory.delete_host('compute-001'))
        self.assertIsNone(self.host(host_id))
        for table in (models.Allocation.__table__,
                      models.HostInventory.__table__,
                      models.HostExtraCapability.__table__,
                      models.PoolHost.__table__):
            self.assertEqual(0, self.count(table, host_id=host_id))
        for pool_id in pools:
            self.assertEqual(before[pool_id] + 1,
                             self.pool(pool_id)['generation'])
            self.assertNotIn(host_id, self.pool(pool_id)['hosts'])

    def test_delete_unknown_host(self):
        self.assertRaises(exceptions.NotFound, inventory.delete_host,
                          'compute-999')


class TestPools(InventoryTestCase):
    def test_create(self):
        h2 = self.host('compute-002').id
        pool_id = inventory.create_pool({
            'name': 'edge', 'kind': 'aggregate', 'description': 'd',
            'hosts': ['compute-001', h2, 'compute-001']})
        pool = self.pool(pool_id)
        self.assertEqual('edge', pool['name'])
        self.assertEqual('aggregate', pool['kind'])
        self.assertEqual('d', pool['description'])
        self.assertEqual([self.host('compute-001').id, h2], pool['hosts'])

    def test_create_defaults_to_custom(self):
        pool = self.pool(inventory.create_pool({'name': 'x'}))
        self.assertEqual('custom', pool['kind'])
        self.assertEqual([], pool['hosts'])
        self.assertEqual(0, pool['generation'])

    def test_create_duplicate(self):
        exc = self.assertRaises(exceptions.Conflict, inventory.create_pool,
                                {'name': 'all'})
        self.assertIn('a pool named all already exists', exc.message)

    def test_create_with_unknown_hosts(self):
        exc = self.assertRaises(
            exceptions.BadRequest, inventory.create_pool,
            {'name': 'x', 'hosts': ['compute-001', 'nope', 'nada']})
        self.assertIn('unknown host(s): nope, nada', exc.message)
        self.assertIsNone(self.pool('x'))

    def test_update(self):
        inventory.create_pool({'name': 'x', 'hosts': ['compute-001']})
        inventory.update_pool('x', {'name': 'y', 'description': 'why'})
        pool = self.pool('y')
        self.assertEqual('why', pool['description'])
        self.assertEqual(1, pool['generation'])
        inventory.update_pool(pool['id'], {'hosts': ['compute-002',
                                                     'compute-003']})
        pool = self.pool('y')
        self.assertEqual(2, pool['generation'])
        self.assertEqual(sorted([self.host('compute-002').id,
                                 self.host('compute-003').id]),
                         sorted(pool['hosts']))

    def test_update_onto_a_taken_name(self):
        inventory.create_pool({'name': 'x'})
        self.assertRaises(exceptions.Conflict, inventory.update_pool, 'x',
                          {'name': 'nova'})

    def test_the_provider_pool_follows_the_vim(self):
        self.assertRaises(exceptions.Conflict, inventory.update_pool, 'all',
                          {'hosts': ['compute-001']})
        self.assertRaises(exceptions.Conflict, inventory.update_pool, 'all',
                          {'name': 'everything'})
        inventory.update_pool('all', {'description': 'every host'})
        self.assertEqual('every host', self.pool('all')['description'])

    def test_shrinking_below_the_reserved_amount(self):
        inventory.create_pool({'name': 'p', 'hosts': ['compute-010',
                                                      'compute-011']})
        self.allocate(pool='p', amount=40)
        generation = self.pool('p')['generation']
        exc = self.assertRaises(exceptions.Conflict, inventory.update_pool,
                                'p', {'hosts': ['compute-011']})
        self.assertIn('changing the hosts of pool p', exc.message)
        pool = self.pool('p')
        self.assertEqual(2, len(pool['hosts']))
        self.assertEqual(generation, pool['generation'])
        # Two type-4 hosts (16 vCPU each) are not enough either; a type-3
        # (56) is.
        self.assertRaises(exceptions.Conflict, inventory.update_pool, 'p',
                          {'hosts': ['compute-200', 'compute-201']})
        inventory.update_pool('p', {'hosts': ['compute-120']})

    def test_update_unknown_pool(self):
        self.assertRaises(exceptions.NotFound, inventory.update_pool,
                          'nope', {'description': 'x'})

    def test_delete(self):
        pool_id = inventory.create_pool({'name': 'x',
                                         'hosts': ['compute-001']})
        self.allocate(pool='x', ends_in=-DAY / 2)
        self.assertEqual(pool_id, inventory.delete_pool('x'))
        self.assertIsNone(self.pool(pool_id))
        self.assertEqual(0, self.count(models.PoolHost.__table__,
                                       pool_id=pool_id))
        self.assertEqual(0, self.count(models.Allocation.__table__,
                                       pool_id=pool_id))
        self.assertIsNotNone(self.host('compute-001'))

    def test_delete_refused_while_allocated(self):
        inventory.create_pool({'name': 'x', 'hosts': ['compute-001']})
        lease_id = self.allocate(pool='x', name='held')
        exc = self.assertRaises(exceptions.Conflict, inventory.delete_pool,
                                'x')
        self.assertIn('%s (held)' % lease_id, exc.message)

    def test_topology_pools_keep_their_history(self):
        lease_id = self.allocate(pool='nova', ends_in=-DAY / 2, name='old')
        exc = self.assertRaises(exceptions.Conflict, inventory.delete_pool,
                                'nova')
        self.assertIn('%s (old)' % lease_id, exc.message)
        self.assertIn('kind zone', exc.message)

    def test_delete_unknown_pool(self):
        self.assertRaises(exceptions.NotFound, inventory.delete_pool, 'nope')


class TestCapabilityText(base.TestCase):
    def test_text(self):
        self.assertEqual('true', inventory._capability_text(True))
        self.assertEqual('false', inventory._capability_text(False))
        self.assertEqual('3', inventory._capability_text(3))
        self.assertEqual('1.5', inventory._capability_text(1.5))
        self.assertEqual('x', inventory._capability_text('x'))
