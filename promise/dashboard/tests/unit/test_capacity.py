import datetime

from django.urls import reverse
from openstack_dashboard.test import helpers

from promise.dashboard.capacity import timeline
from promise.dashboard.tests.unit import fakes

INDEX = reverse('horizon:admin:capacity:index')
SVG = reverse('horizon:admin:capacity:timeline_svg')

CAPACITY = {'capacity': {'timeline': [
    {'time': '2031-01-05T00:00:00.000000',
     'resources': {'VCPU': {'total': 64, 'reserved': 0, 'used': 0}}},
    {'time': '2031-01-05T08:00:00.000000',
     'resources': {'VCPU': {'total': 64, 'reserved': 32, 'used': 0}}},
    {'time': '2031-01-06T08:00:00.000000',
     'resources': {'VCPU': {'total': 64, 'reserved': 0, 'used': 0}}}]}}


class CapacityTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)
        self.api.on('GET', '/os-hosts', {'hosts': [
            fakes.host('h1', 'compute-001'), fakes.host('h2',
                                                        'compute-002')]})
        self.api.on('GET', '/pools', {'pools': [
            {'id': 'p1', 'name': 'all', 'kind': 'provider',
             'hosts': ['h1', 'h2']}]})
        self.api.on('GET', '/pools/all', {'pool': {
            'id': 'p1', 'name': 'all', 'kind': 'provider',
            'hosts': ['h1', 'h2']}})
        self.api.on('GET', '/capacity', CAPACITY)
        self.api.on('GET', '/os-hosts/allocations', {'allocations': [
            {'resource_id': 'h1', 'reservations': [
                {'id': 'res-l1', 'lease_id': 'l1',
                 'start_date': '2031-01-05T08:00:00.000000',
                 'end_date': '2031-01-06T08:00:00.000000'}]},
            {'resource_id': 'h2', 'reservations': []}]})
        self.api.on('GET', '/leases', {'leases': [
            fakes.lease('l1', 'dpdk-test'),
            fakes.lease('l2', 'vepc', reservations=[
                {'id': 'r2', 'resource_type': 'capacity', 'pool': 'all',
                 'cores': 8}])]})

    def test_hosts_tab(self):
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        rows = resp.context['hosts_table'].data
        self.assertEqual(['compute-001', 'compute-002'],
                         [h['hypervisor_hostname'] for h in rows])
        self.assertContains(resp, 'rack=rack-01, server_type=type1')

    def test_timeline_of_a_pool(self):
        resp = self.client.get(INDEX, {
            'tab': 'capacity__timeline', 'scope': 'pool:all',
            'start': '2031-01-05', 'days': '2', 'resource_class': 'VCPU'})
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, '<svg')
        self.assertContains(resp, 'VCPU of pool all (2 hosts)')
        self.assertContains(resp, '>dpdk-test</text>')
        self.assertContains(resp, '>vepc</text>')
        (_, params), = self.api.sent('GET', '/capacity')
        self.assertEqual({'start_date': '2031-01-05 00:00',
                          'end_date': '2031-01-07 00:00',
                          'resource_class': 'VCPU', 'timeline': 'true',
                          'pool': 'all'}, params)

    def test_timeline_svg_of_a_host(self):
        resp = self.client.get(SVG, {
            'scope': 'host:compute-002', 'start': '2031-01-05',
            'days': '2', 'resource_class': 'VCPU'})
        self.assertEqual(200, resp.status_code)
        self.assertEqual('image/svg+xml', resp['Content-Type'])
        body = resp.content.decode()
        self.assertIn('VCPU of host compute-002', body)
        # compute-002 holds no reservation; compute-001's lease is not
        # drawn there.
        self.assertNotIn('dpdk-test', body)
        self.assertIn('No lease holds capacity', body)
        (_, params), = self.api.sent('GET', '/capacity')
        self.assertEqual('compute-002', params['host'])

class MemberTests(helpers.TestCase):

    def test_members_cannot_open_it(self):
        api = fakes.FakeAPI(self)
        resp = self.client.get(INDEX)
        self.assertNotEqual(200, resp.status_code)
        self.assertEqual([], api.requests)


class TimelineDataTests(helpers.TestCase):

    def test_points(self):
        points = timeline.points(CAPACITY['capacity'], 'VCPU')
        self.assertEqual(
            [(datetime.datetime(2031, 1, 5, 8), 64, 32, 0)],
            [(p.time, p.total, p.reserved, p.used) for p in points[1:2]])
        self.assertEqual([], timeline.points(CAPACITY['capacity'], 'GPU'))

    def test_pool_bars_only_of_that_pool(self):
        leases = [fakes.lease('l1', 'a', reservations=[
            {'id': 'r1', 'resource_type': 'capacity', 'pool': 'rack-1',
             'cores': 2}]), fakes.lease('l2', 'b', reservations=[
                 {'id': 'r2', 'resource_type': 'capacity', 'pool': 'p9',
                  'ram': 1024}])]
        pool = {'id': 'p9', 'name': 'gold', 'hosts': []}
        bars = timeline.pool_bars(pool, leases, include_all=False)
        self.assertEqual([('b', 'capacity ram=1024')],
                         [(b.label, b.detail) for b in bars])
        self.assertEqual(2, len(timeline.pool_bars(pool, leases, True)))
