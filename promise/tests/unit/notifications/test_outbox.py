"""Changes record their events in their own transaction."""
import datetime
import os

import sqlalchemy as sa

from promise import context
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import adjustments
from promise.manager import events
from promise.manager import host_sync
from promise.manager import inventory
from promise.manager import leases
from promise.tests import base
from promise.vim import simulated

SMALL_DC = os.path.join(os.path.dirname(__file__), '..', '..', 'functional',
                        'api', 'small-dc.yaml')
OUTBOX = models.OutboxEvent.__table__


def outbox(since=0):
    with db_api.reader() as session:
        return [dict(r._mapping) for r in session.execute(
            sa.select(OUTBOX).where(OUTBOX.c.id > since)
            .order_by(OUTBOX.c.id))]


def last_id():
    with db_api.reader() as session:
        return session.execute(sa.select(sa.func.max(OUTBOX.c.id))).scalar() \
            or 0


class OutboxTestCase(base.DBTestCase):
    def setUp(self):
        super().setUp()
        self.conf.set_override('topology_file', SMALL_DC, group='simulated')
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.service = leases.LeaseService()
        self.ctx = context.RequestContext(user_id='u', project_id='p1',
                                          roles=['member'])
        handlers = {'start_lease': self.service.start,
                    'end_lease': self.service.end,
                    'before_end_lease': self.service.before_end}
        self.runner = events.EventRunner('m1', handlers)

    def lease(self, vcpus=2, **extra):
        body = {'name': 'x', 'start_date': '2031-01-01 10:00',
                'end_date': '2031-01-01 12:00',
                'reservations': [{'resource_type': 'virtual:instance',
                                  'amount': 1, 'vcpus': vcpus,
                                  'memory_mb': 512, 'disk_gb': 1}]}
        body.update(extra)
        return self.service.create(self.ctx, body)


class TestRecording(OutboxTestCase):

    def test_sync_records_hosts_and_pools(self):
        types = [e['event_type'] for e in outbox()]
        self.assertEqual(3, types.count('host.create'))
        self.assertIn('pool.create', types)
        host = next(e for e in outbox() if e['event_type'] == 'host.create')
        data = host['payload']['promise_object.data']
        self.assertEqual('HostPayload',
                         host['payload']['promise_object.name'])
        self.assertEqual('1.0', host['payload']['promise_object.version'])
        self.assertEqual(8, data['inventories']['VCPU']['total'])
        self.assertIsNone(host['project_id'])
        self.assertEqual(('host', data['id']),
                         (host['resource_type'], host['resource_id']))

    def test_lease_lifecycle(self):
        mark = last_id()
        lease_id = self.lease(before_end_date='2031-01-01 11:30')
        self.runner.run_due(datetime.datetime(2031, 1, 1, 10, 0, 1))
        self.runner.run_due(datetime.datetime(2031, 1, 1, 12, 0, 0))
        rows = outbox(mark)
        self.assertEqual(
            ['lease.create.end', 'reservation.create.end', 'lease.start',
             'reservation.start', 'lease.before_end',
             'reservation.before_end', 'lease.end', 'reservation.end'],
            [e['event_type'] for e in rows])
        self.assertEqual({'p1'}, {e['project_id'] for e in rows})
        self.assertEqual(len(rows), len({e['uuid'] for e in rows}))
        created, started, ended = rows[0], rows[2], rows[6]
        data = created['payload']['promise_object.data']
        self.assertEqual((lease_id, 'PENDING'), (data['id'], data['status']))
        reservation = data['reservations'][0]['promise_object.data']
        self.assertEqual(
            {'VCPU', 'MEMORY_MB', 'DISK_GB', 'INSTANCES'},
            {a['resource_class'] for a in reservation['allocations']})
        self.assertEqual(
            'ACTIVE', started['payload']['promise_object.data']['status'])
        self.assertEqual(
            'TERMINATED', ended['payload']['promise_object.data']['status'])

    def test_update_and_delete(self):
        lease_id = self.lease()
        mark = last_id()
        self.service.update(self.ctx, lease_id, {'name': 'renamed'})
        self.service.delete(self.ctx, lease_id)
        rows = outbox(mark)
        self.assertEqual(['lease.update.end', 'reservation.update.end',
                          'lease.delete.end', 'reservation.delete.end'],
                         [e['event_type'] for e in rows])
        self.assertEqual('renamed',
                         rows[0]['payload']['promise_object.data']['name'])

    def test_refused_change_records_nothing(self):
        mark = last_id()
        self.assertRaises(exceptions.CannotBeMet, self.lease, vcpus=64)
        self.assertEqual([], outbox(mark))

    def _downtime(self, lease_ids):
        """Planned downtime of the host the first lease holds; returns
        the adjustment id and the events it recorded."""
        mark = last_id()
        admin = context.RequestContext(user_id='a', project_id='admins',
                                       roles=['admin'], is_admin=True)
        lease = db_api.lease_get(None, lease_ids[0])
        host_id = lease.reservations[0].allocations[0].host_id
        result = adjustments.create(admin, {
            'host': host_id, 'downtime': True, 'force': True,
            'start_date': '2031-01-01 09:00',
            'end_date': '2031-01-01 13:00'})
        return result['id'], outbox(mark)

    def test_adjustment_moving_a_reservation(self):
        lease_id = self.lease(vcpus=8)
        adjustment_id, rows = self._downtime([lease_id])
        self.assertEqual(['reservation.moved', 'capacity.adjustment.create'],
                         [e['event_type'] for e in rows])
        moved, adj = rows
        self.assertEqual('p1', moved['project_id'])
        data = moved['payload']['promise_object.data']
        self.assertEqual(lease_id, data['lease_id'])
        self.assertTrue(data['resources_changed'])
        self.assertEqual('admins', adj['project_id'])
        self.assertEqual(adjustment_id,
                         adj['payload']['promise_object.data']['id'])
        self.assertEqual(
            lease_id,
            adj['payload']['promise_object.data']['moved'][0]['lease_id'])

        mark = last_id()
        adjustments.delete(self.ctx, adjustment_id)
        self.assertEqual(['capacity.adjustment.delete'],
                         [e['event_type'] for e in outbox(mark)])

    def test_adjustment_degrading_a_lease(self):
        # Both big hosts are taken: the lease on the one going down has
        # nowhere to go.
        leases_ = [self.lease(vcpus=8), self.lease(vcpus=8)]
        _, rows = self._downtime(leases_)
        types = [e['event_type'] for e in rows]
        self.assertEqual(['lease.degraded', 'reservation.degraded',
                          'capacity.adjustment.create'], types)
        degraded = rows[0]
        self.assertEqual('WARN', degraded['priority'])
        data = degraded['payload']['promise_object.data']
        self.assertEqual(leases_[0], data['id'])
        self.assertEqual('DEGRADED', data['status'])

    def test_inventory_changes(self):
        mark = last_id()
        inventory.update_host('server-a', {'gpu': 'yes'})
        pool_id = inventory.create_pool({'name': 'p', 'hosts': ['server-a']})
        inventory.update_pool(pool_id, {'description': 'x'})
        inventory.delete_pool(pool_id)
        rows = outbox(mark)
        self.assertEqual(['host.update', 'pool.create', 'pool.update',
                          'pool.delete'], [e['event_type'] for e in rows])
        self.assertEqual(
            'yes', rows[0]['payload']['promise_object.data'][
                'extra_capabilities']['gpu'])
