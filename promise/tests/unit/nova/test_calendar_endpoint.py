"""The calendar the manager serves to Nova's scheduler filter."""
import datetime
import os
from unittest import mock

from promise import context
from promise import dates
from promise.db import api as db_api
from promise.manager import adjustments
from promise.manager import calendar_cache
from promise.manager import calendar_endpoint
from promise.manager import host_sync
from promise.manager import leases
from promise.tests import base
from promise.vim import simulated

TOPOLOGY = os.path.join(os.path.dirname(__file__), '..', '..', 'functional',
                        'data', 'four-hosts.yaml')
NOW = datetime.datetime(2031, 1, 1, 9, 0)
HOUR = 3600


def _at(hours):
    return (NOW + datetime.timedelta(hours=hours)).strftime('%Y-%m-%d %H:%M')


class TestCalendarEndpoint(base.DBTestCase):
    def setUp(self):
        super().setUp()
        self.conf.set_override('topology_file', TOPOLOGY, group='simulated')
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.clock = NOW
        clock = mock.patch.object(dates, 'utcnow',
                                  side_effect=lambda: self.clock)
        clock.start()
        self.addCleanup(clock.stop)
        # The cache is process-wide; another test's database must not leak
        # into this one's calendar.
        fresh = mock.patch.object(calendar_cache, 'CACHE',
                                  calendar_cache.CalendarCache())
        fresh.start()
        self.addCleanup(fresh.stop)
        self.service = leases.LeaseService()
        self.ctx = context.RequestContext(user_id='u', project_id='p',
                                          roles=['member'])

    def _host_lease(self, host, start, end):
        return self.service.create(self.ctx, {
            'name': 'h', 'start_date': start, 'end_date': end,
            'reservations': [{
                'resource_type': 'physical:host', 'min': 1, 'max': 1,
                'hypervisor_properties':
                    '["=", "$hypervisor_hostname", "%s"]' % host}]})

    def _instance_lease(self, start, end, vcpus=2):
        return self.service.create(self.ctx, {
            'name': 'i', 'start_date': start, 'end_date': end,
            'reservations': [{
                'resource_type': 'virtual:instance', 'amount': 1,
                'vcpus': vcpus, 'memory_mb': 1024, 'disk_gb': 10,
                'affinity': None,
                'resource_properties':
                    '["=", "$hypervisor_hostname", "host-2"]'}]})

    def test_future_reservations_as_steps(self):
        self._host_lease('host-1', _at(1), _at(3))
        self._instance_lease(_at(2), _at(4))
        result = calendar_endpoint.get()
        doc = result['calendar']
        self.assertEqual(['VCPU', 'MEMORY_MB', 'DISK_GB', 'INSTANCES'],
                         doc['classes'])
        now = dates.to_epoch(NOW)
        self.assertEqual(now, doc['now'])
        self.assertEqual({'host-1', 'host-2', 'host-3', 'host-4'},
                         set(doc['hosts']))
        h1 = doc['hosts']['host-1']
        self.assertEqual([8, 32768, 200, 8], h1['capacity'])
        self.assertEqual([now, now + HOUR, now + 3 * HOUR], h1['t'])
        self.assertEqual([[0, 8, 0], [0, 32768, 0], [0, 200, 0],
                          [0, 8, 0]], h1['reserved'])
        h2 = doc['hosts']['host-2']
        self.assertEqual([now, now + 2 * HOUR, now + 4 * HOUR], h2['t'])
        self.assertEqual([0, 2, 0], h2['reserved'][0])
        self.assertEqual([0, 1, 0], h2['reserved'][3])
        self.assertNotIn('t', doc['hosts']['host-3'])
        self.assertEqual({}, doc['reservations'])

    def test_started_reservations_leave_the_steps(self):
        lease_id = self._host_lease('host-1', _at(1), _at(3))
        before = calendar_endpoint.get()
        self.clock = NOW + datetime.timedelta(hours=2)
        during = calendar_endpoint.get()
        # A reservation starting changes the ETag though no generation
        # moved.
        self.assertNotEqual(before['etag'], during['etag'])
        doc = during['calendar']
        self.assertNotIn('t', doc['hosts']['host-1'])
        lease = db_api.lease_get(None, lease_id)
        res_id = lease.reservations[0].id
        res = doc['reservations'][res_id]
        self.assertEqual(lease_id, res['lease_id'])
        self.assertEqual('PENDING', res['status'])
        self.assertEqual(dates.to_epoch(NOW) + 3 * HOUR, res['end'])
        self.assertEqual({'host-1': [8, 32768, 200, 8]}, res['hosts'])
        # The lease starting moves its status, and so the ETag.
        with db_api.writer() as session:
            self.service.start(self.ctx, session,
                               db_api.lease_get(None, lease_id))
        started = calendar_endpoint.get()
        self.assertNotEqual(during['etag'], started['etag'])
        self.assertEqual('ACTIVE',
                         started['calendar']['reservations'][res_id][
                             'status'])

    def test_etag_answers_not_modified(self):
        first = calendar_endpoint.get()
        again = calendar_endpoint.get((first['etag'],))
        self.assertEqual(first['etag'], again['etag'])
        self.assertIsNone(again['calendar'])
        self.assertIsNone(calendar_endpoint.get(('*',))['calendar'])
        self._instance_lease(_at(1), _at(2))
        changed = calendar_endpoint.get((first['etag'],))
        self.assertNotEqual(first['etag'], changed['etag'])
        self.assertIsNotNone(changed['calendar'])

    def test_adjustments_count_as_reserved_and_taken(self):
        adjustments.create(self.ctx, {
            'host': 'host-3', 'amounts': {'VCPU': -8},
            'start_date': _at(1), 'end_date': _at(2)})
        doc = calendar_endpoint.get()['calendar']
        h3 = doc['hosts']['host-3']
        self.assertEqual([0, 8, 0], h3['reserved'][0])
        self.assertEqual([0, 8, 0], h3['taken'][0])
        self.assertEqual(h3['t'], h3['t_taken'])

    def test_unreservable_hosts_are_left_out(self):
        with db_api.writer() as session:
            session.execute(calendar_endpoint.HOSTS.update().where(
                calendar_endpoint.HOSTS.c.hypervisor_hostname == 'host-4'
            ).values(reservable=False))
        doc = calendar_endpoint.get()['calendar']
        self.assertNotIn('host-4', doc['hosts'])

    def test_rpc_endpoint(self):
        endpoint = calendar_endpoint.CalendarEndpoint()
        first = endpoint.get_calendar(self.ctx)
        self.assertIn('host-1', first['calendar']['hosts'])
        self.assertIsNone(endpoint.get_calendar(
            self.ctx, etags=[first['etag']])['calendar'])
