from django.urls import reverse
from openstack_dashboard.test import helpers

from promise.dashboard import api
from promise.dashboard.tests.unit import fakes

INDEX = reverse('horizon:project:reservations:index')
CREATE = reverse('horizon:project:reservations:create')
CREATE_INSTANCE = reverse('horizon:project:reservations:create_instance')


class LeasesTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)

    def test_index_lists_leases(self):
        self.api.on('GET', '/leases', {'leases': [
            fakes.lease('l1', 'vnf-a'),
            fakes.lease('l2', 'vnf-b', status='ACTIVE', reservations=[
                {'id': 'r2', 'resource_type': 'capacity', 'pool': 'all',
                 'cores': 5, 'ram': 25600}])]})
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        self.assertTemplateUsed(resp,
                                'promise_dashboard/reservations/index.html')
        rows = resp.context['leases_table'].data
        self.assertEqual(['vnf-a', 'vnf-b'], [r['name'] for r in rows])
        self.assertContains(resp, '2031-01-05 08:00')
        self.assertContains(resp, '2 host(s)')
        self.assertContains(resp, 'cores=5, ram=25600 from all')
        self.assertEqual([(None, {'sort_key': 'start_date'})],
                         self.api.sent('GET', '/leases'))

    def test_index_reports_an_unreachable_service(self):
        self.api.on('GET', '/leases', api.PromiseAPIError(
            503, 'ServiceUnavailable', 'cannot reach the service'))
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        self.assertMessageCount(resp, error=1)
        self.assertEqual([], list(resp.context['leases_table'].data))

    def test_find_windows_then_create(self):
        self.api.on('POST', '/availability', {'availability': {
            'windows': [
                {'start_date': '2031-01-05T08:00:00.000000',
                 'end_date': '2031-01-05T14:00:00.000000'},
                {'start_date': '2031-01-05T14:00:00.000000',
                 'end_date': '2031-01-05T20:00:00.000000'}],
            'max_reservable': [{'index': 0,
                                'resource_type': 'physical:host',
                                'max': 2}],
            'duration': 21600.0}})
        form = {'name': 'vnf-a', 'kind': 'host', 'hosts': '2',
                'resource_properties': '["=", "$server_type", "type1"]',
                'earliest': '2031-01-05 08:00', 'duration_hours': '6'}
        resp = self.client.post(CREATE, dict(form, action='find'))
        self.assertEqual(200, resp.status_code)
        self.assertEqual([(
            {'reservations': [{'resource_type': 'physical:host', 'min': 2,
                               'max': 2, 'resource_properties':
                                   '["=", "$server_type", "type1"]'}],
             'limit': 3, 'duration': 21600,
             'start_date': '2031-01-05 08:00'}, None)],
            self.api.sent('POST', '/availability'))
        self.assertContains(resp, '2 windows found.')
        self.assertContains(resp, 'at most 2 of physical:host')
        self.assertEqual(
            ['2031-01-05 08:00|2031-01-05 14:00',
             '2031-01-05 14:00|2031-01-05 20:00'],
            [c[0] for c in resp.context['form'].fields['window'].choices])
        self.assertContains(resp, 'value="2031-01-05 08:00|2031-01-05 14:00"'
                                  ' id="id_window_0" checked')
        self.assertEqual([], self.api.sent('POST', '/leases'))

        self.api.on('POST', '/leases', {'lease': fakes.lease(
            'l9', 'vnf-a', start='2031-01-05T14:00:00.000000',
            end='2031-01-05T20:00:00.000000')})
        resp = self.client.post(CREATE, dict(
            form, action='create',
            window='2031-01-05 14:00|2031-01-05 20:00'))
        self.assertRedirectsNoFollow(resp, INDEX)
        (body, _), = self.api.sent('POST', '/leases')
        self.assertEqual(
            {'name': 'vnf-a', 'start_date': '2031-01-05 14:00',
             'end_date': '2031-01-05 20:00',
             'reservations': [{'resource_type': 'physical:host', 'min': 2,
                               'max': 2, 'resource_properties':
                                   '["=", "$server_type", "type1"]'}]},
            body)

    def test_create_with_dates_and_instance_slots(self):
        self.api.on('POST', '/leases', {'lease': fakes.lease('l3', 'web')})
        resp = self.client.post(CREATE, {
            'action': 'create', 'name': 'web', 'kind': 'instance',
            'amount': '3', 'vcpus': '4', 'memory_mb': '8192',
            'disk_gb': '40', 'start_date': '2031-02-01 00:00',
            'end_date': '2031-02-02 00:00'})
        self.assertRedirectsNoFollow(resp, INDEX)
        (body, _), = self.api.sent('POST', '/leases')
        self.assertEqual(
            ('2031-02-01 00:00', '2031-02-02 00:00',
             [{'resource_type': 'virtual:instance', 'amount': 3,
               'vcpus': 4, 'memory_mb': 8192, 'disk_gb': 40,
               'affinity': None}]),
            (body['start_date'], body['end_date'], body['reservations']))

    def test_create_without_window_or_dates_is_refused(self):
        resp = self.client.post(CREATE, {'action': 'create', 'name': 'x',
                                         'kind': 'host', 'hosts': '1'})
        self.assertEqual(200, resp.status_code)
        self.assertIn('Choose a window',
                      ' '.join(resp.context['form'].non_field_errors()))
        self.assertEqual([], self.api.sent('POST', '/leases'))

    def test_capacity_without_amounts_is_refused(self):
        resp = self.client.post(CREATE, {'action': 'find', 'kind':
                                         'capacity', 'pool': 'all'})
        self.assertIn('at least one of cores',
                      ' '.join(resp.context['form'].non_field_errors()))
        self.assertEqual([], self.api.sent('POST', '/availability'))

    def test_create_refused_with_next_window(self):
        self.api.on('POST', '/leases', api.PromiseAPIError(
            409, 'CannotBeMet', 'Not enough capacity', {
                'max_reservable': [{'index': 0, 'resource_type':
                                    'physical:host', 'max': 1}],
                'next_window': {'start_date': '2031-01-06T08:00:00.000000',
                                'end_date': '2031-01-07T08:00:00.000000'}}))
        resp = self.client.post(CREATE, {
            'action': 'create', 'name': 'big', 'kind': 'host',
            'hosts': '5', 'start_date': '2031-01-05 08:00',
            'end_date': '2031-01-06 08:00'})
        self.assertEqual(200, resp.status_code)
        self.assertMessageCount(resp, error=1)
        messages = [str(m) for m in resp.context['messages']]
        self.assertIn('Not enough capacity', messages[0])
        self.assertIn('next window 2031-01-06 08:00 to 2031-01-07 08:00',
                      messages[0])

    def test_delete_lease(self):
        self.api.on('GET', '/leases', {'leases': [fakes.lease('l1', 'a')]})
        self.api.on('DELETE', '/leases/l1', None)
        resp = self.client.post(INDEX, {'action': 'leases__delete__l1'})
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual(1, len(self.api.sent('DELETE', '/leases/l1')))


class InstancesTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)
        self.url = INDEX + '?tab=reservations__instances'

    def test_lists_instances(self):
        self.api.on('GET', '/instances', {'instances': [
            {'id': 'i1', 'name': 'web-1', 'flavor': 'large.2',
             'reservation_id': 'r1', 'status': 'ACTIVE',
             'host': 'compute-001'}]})
        resp = self.client.get(self.url)
        self.assertEqual(200, resp.status_code)
        self.assertEqual(['web-1'], [
            r['name'] for r in resp.context['instances_table'].data])
        self.assertContains(resp, 'compute-001')
        self.assertContains(resp, CREATE_INSTANCE)

    def test_missing_instances_api_degrades(self):
        # No answer registered: the fake answers 404, as a service
        # without the route does.
        resp = self.client.get(self.url)
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'Instances on reserved capacity are not '
                                  'available')
        self.assertContains(resp, '/v1/instances answered 404')
        self.assertNotContains(resp, CREATE_INSTANCE)

    def test_create_instance_form_opens_in_a_modal(self):
        self.api.on('GET', '/leases', {'leases': []})
        resp = self.client.get(CREATE_INSTANCE,
                               HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'id="create_instance_modal"')
        self.assertNotContains(resp, '<html')

    def test_create_instance(self):
        self.api.on('GET', '/leases', {'leases': [fakes.lease(
            'l1', 'web', reservations=[
                {'id': 'r1', 'resource_type': 'virtual:instance',
                 'amount': 2}])]})
        self.api.on('POST', '/instances', {'instance': {'id': 'i1'}})
        resp = self.client.post(CREATE_INSTANCE, {
            'name': 'web-1', 'flavor': 'large.2', 'reservation_id': 'r1'})
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([({'name': 'web-1', 'flavor': 'large.2',
                            'reservation_id': 'r1'}, None)],
                         self.api.sent('POST', '/instances'))

    def test_create_instance_without_api(self):
        self.api.on('GET', '/leases', {'leases': [fakes.lease(
            'l1', 'web', reservations=[
                {'id': 'r1', 'resource_type': 'virtual:instance'}])]})
        resp = self.client.post(CREATE_INSTANCE, {
            'name': 'web-1', 'flavor': 'large.2', 'reservation_id': 'r1'})
        self.assertMessageCount(resp, error=1)
        self.assertIn('/v1/instances answered 404',
                      str(list(resp.context['messages'])[0]))
