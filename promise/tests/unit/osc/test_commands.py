from unittest import mock

from osc_lib import exceptions
import requests
import testtools

from promise.osc import client as promise_client
from promise.osc.v1 import adjustments
from promise.osc.v1 import capacity
from promise.osc.v1 import leases


class CommandTest(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.client = mock.Mock()
        self.app = mock.Mock()
        self.app.client_manager._promise_client = self.client

    def parse(self, cls, argv):
        cmd = cls(self.app, mock.Mock())
        return cmd, cmd.get_parser('openstack').parse_args(argv)

    def parse_error(self, cls, argv):
        # argparse reports bad arguments by exiting.
        self.assertRaises(SystemExit, self.parse, cls, argv)


class TestLeaseCommands(CommandTest):
    def test_create_body(self):
        self.client.post.return_value = {'lease': {'id': 'x'}}
        cmd, args = self.parse(leases.CreateLease, [
            'web', '--start-date', '2031-01-05 08:00',
            '--end-date', '2031-01-06 08:00',
            '--reservation', 'resource_type=virtual:instance,amount=2,'
                             'vcpus=4,memory_mb=8192,disk_gb=40,'
                             'affinity=false',
            '--physical-reservation', 'min=1,max=2'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/leases', {
            'name': 'web', 'start_date': '2031-01-05 08:00',
            'end_date': '2031-01-06 08:00',
            'reservations': [
                {'resource_type': 'virtual:instance', 'amount': 2,
                 'vcpus': 4, 'memory_mb': 8192, 'disk_gb': 40,
                 'affinity': False},
                {'resource_type': 'physical:host', 'min': 1, 'max': 2}]})

    def test_create_needs_a_reservation_and_an_end(self):
        cmd, args = self.parse(leases.CreateLease,
                               ['web', '--end-date', '2031-01-06 08:00'])
        self.assertRaises(exceptions.CommandError, cmd.take_action, args)
        self.parse_error(leases.CreateLease, [
            'web', '--reservation', 'resource_type=capacity,cores=1'])
        self.parse_error(leases.CreateLease, [
            'web', '--end-date', 'x', '--reservation', 'cores=1'])

    def test_list_filters(self):
        self.client.list_all.return_value = [
            {'id': 'i', 'name': 'n', 'status': 'PENDING',
             'start_date': 's', 'end_date': 'e'}]
        cmd, args = self.parse(leases.ListLeases, [
            '--status', 'ACTIVE', '--resource-type', 'capacity',
            '--project', 'p'])
        columns, rows = cmd.take_action(args)
        self.client.list_all.assert_called_once_with(
            '/leases', 'leases',
            {'status': 'ACTIVE', 'resource_type': 'capacity',
             'project_id': 'p'})
        self.assertEqual([['i', 'n', 'PENDING', 's', 'e']], rows)
        self.parse_error(leases.ListLeases, ['--resource-type', 'disk'])

    def test_set_body_by_name(self):
        self.client.find_lease.return_value = {'id': 'L'}
        self.client.put.return_value = {'lease': {'id': 'L'}}
        cmd, args = self.parse(leases.SetLease, [
            'web', '--name', 'web2', '--prolong-for', '2h',
            '--reservation', 'id=R,amount=6,affinity=none'])
        cmd.take_action(args)
        self.client.find_lease.assert_called_once_with('web')
        self.client.put.assert_called_once_with('/leases/L', {
            'name': 'web2', 'prolong_for': '2h',
            'reservations': [{'id': 'R', 'amount': 6, 'affinity': None}]})
        self.parse_error(leases.SetLease, ['web', '--prolong-for', '1h',
                                           '--reduce-by', '1h'])

    def test_set_needs_a_change(self):
        cmd, args = self.parse(leases.SetLease, ['web'])
        self.assertRaises(exceptions.CommandError, cmd.take_action, args)

    def test_delete_reports_what_was_not_deleted(self):
        self.client.find_lease.side_effect = [
            {'id': 'A'}, exceptions.CommandError('no such lease')]
        cmd, args = self.parse(leases.DeleteLease, ['a', 'b'])
        exc = self.assertRaises(exceptions.CommandError, cmd.take_action,
                                args)
        self.assertIn('1 of 2 leases not deleted: b', str(exc))
        self.client.delete.assert_called_once_with('/leases/A')


class TestCapacityCommands(CommandTest):
    def test_capacity_query(self):
        self.client.get.return_value = {'capacity': {'resources': {
            'VCPU': {'total': 8, 'reserved': 2, 'used': 1,
                     'available': 5}}}}
        cmd, args = self.parse(capacity.ShowCapacity, [
            '--start-date', 'now', '--pool', 'all',
            '--resource-class', 'VCPU', '--resource-class', 'MEMORY_MB'])
        columns, rows = cmd.take_action(args)
        self.client.get.assert_called_once_with('/capacity', {
            'start_date': 'now', 'pool': 'all',
            'resource_class': 'VCPU,MEMORY_MB'})
        self.assertEqual([['VCPU', 8, 2, 1, 5]], rows)
        self.parse_error(capacity.ShowCapacity, ['--host', 'a',
                                                 '--pool', 'b'])

    def test_timeline_has_one_row_per_point(self):
        point = {'VCPU': {'available': 5}, 'DISK_GB': {'available': 9}}
        self.client.get.return_value = {'capacity': {
            'resources': point,
            'timeline': [{'time': '2031-01-05T00:00:00.000000',
                          'resources': point},
                         {'time': '2031-01-06T00:00:00.000000',
                          'resources': point}]}}
        cmd, args = self.parse(capacity.ShowCapacity, ['--timeline'])
        columns, rows = cmd.take_action(args)
        self.assertEqual(['Time', 'DISK_GB', 'VCPU'], columns)
        self.assertEqual([['2031-01-05 00:00', 9, 5],
                          ['2031-01-06 00:00', 9, 5]], rows)

    def test_availability_body(self):
        self.client.post.return_value = {'availability': {
            'windows': [], 'max_reservable': [], 'duration': 3600}}
        cmd, args = self.parse(capacity.FindAvailability, [
            '--duration', '1h', '--limit', '3',
            '--reservation', 'resource_type=physical:host,min=2,max=2'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/availability', {
            'reservations': [{'resource_type': 'physical:host', 'min': 2,
                              'max': 2}],
            'duration': '1h', 'limit': 3})
        self.parse_error(capacity.FindAvailability, [
            '--reservation', 'resource_type=capacity,cores=1'])
        self.parse_error(capacity.FindAvailability, [
            '--duration', '1h', '--end-date', 'x',
            '--reservation', 'resource_type=capacity,cores=1'])


class TestAdjustmentCommands(CommandTest):
    def test_create_body(self):
        self.client.post.return_value = {'adjustment': {'id': 'x'}}
        cmd, args = self.parse(adjustments.CreateAdjustment, [
            '--pool', 'all', '--amount', 'VCPU=16', '--amount',
            'MEMORY_MB=-1024', '--start-date', '2031-01-01 00:00',
            '--reason', 'r', '--force'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/capacity/adjustments', {
            'pool': 'all', 'amounts': {'VCPU': 16, 'MEMORY_MB': -1024},
            'start_date': '2031-01-01 00:00', 'reason': 'r',
            'force': True})

    def test_create_needs_a_scope_and_a_change(self):
        self.parse_error(adjustments.CreateAdjustment, ['--downtime'])
        self.parse_error(adjustments.CreateAdjustment,
                         ['--host', 'a', '--pool', 'b', '--downtime'])
        cmd, args = self.parse(adjustments.CreateAdjustment, ['--host', 'a'])
        self.assertRaises(exceptions.CommandError, cmd.take_action, args)

    def test_delete_force(self):
        cmd, args = self.parse(adjustments.DeleteAdjustment,
                               ['A', '--force'])
        cmd.take_action(args)
        self.client.delete.assert_called_once_with(
            '/capacity/adjustments/A', {'force': 'true'})


def _response(status, body):
    resp = requests.Response()
    resp.status_code = status
    resp._content = body.encode()
    return resp


class TestClient(testtools.TestCase):
    def client(self, endpoint, *responses):
        adapter = mock.Mock()
        adapter.get_endpoint.return_value = endpoint
        adapter.request.side_effect = responses
        return promise_client.Client(adapter), adapter

    def test_endpoint_with_or_without_v1(self):
        for endpoint in ('http://h:1234', 'http://h:1234/',
                         'http://h:1234/v1', 'http://h:1234/v1/'):
            client, adapter = self.client(endpoint,
                                          _response(200, '{"hosts": []}'))
            client.get('/os-hosts')
            self.assertEqual('http://h:1234/v1/os-hosts',
                             adapter.request.call_args[0][0])

    def test_cannot_be_met_is_one_line(self):
        body = ('{"error_code": 409, "error_name": "CannotBeMet", '
                '"error_message": "Not enough capacity for the lease.", '
                '"max_reservable": [{"index": 0, "resource_type": '
                '"physical:host", "max": 2}, {"index": 1, "resource_type": '
                '"capacity", "max": {"VCPU": 6}}], "next_window": '
                '{"start_date": "2031-01-06T08:00:00.000000", '
                '"end_date": "2031-01-07T08:00:00.000000"}}')
        client, _ = self.client('http://h', _response(409, body))
        exc = self.assertRaises(promise_client.ApiError, client.post,
                                '/leases', {})
        self.assertEqual(
            'CannotBeMet (HTTP 409): Not enough capacity for the lease. '
            'Max reservable: #0 physical:host 2; #1 capacity VCPU=6. '
            'Next window: 2031-01-06 08:00 to 2031-01-07 08:00.', str(exc))
        self.assertIsInstance(exc, exceptions.CommandError)

    def test_error_without_a_json_body(self):
        client, _ = self.client('http://h', _response(502, 'bad\ngateway'))
        exc = self.assertRaises(promise_client.ApiError, client.get, '/x')
        self.assertEqual('Error (HTTP 502): bad gateway', str(exc))

    def test_find_lease_by_name_pages_through_the_list(self):
        client, adapter = self.client(
            'http://h/v1',
            _response(404, '{"error_code": 404, "error_name": "NotFound", '
                           '"error_message": "Lease web not found."}'),
            _response(200, '{"leases": [{"id": "1", "name": "a"}]}'),
            _response(200, '{"leases": [{"id": "2", "name": "web"}]}'),
            _response(200, '{"leases": []}'))
        self.assertEqual({'id': '2', 'name': 'web'},
                         client.find_lease('web'))
        self.assertEqual({'marker': '2'},
                         adapter.request.call_args[1]['params'])

    def test_find_lease_ambiguous_name(self):
        client, _ = self.client(
            'http://h/v1',
            _response(404, '{}'),
            _response(200, '{"leases": [{"id": "1", "name": "w"}, '
                           '{"id": "2", "name": "w"}]}'),
            _response(200, '{"leases": []}'))
        exc = self.assertRaises(exceptions.CommandError, client.find_lease,
                                'w')
        self.assertIn('More than one lease is named w', str(exc))


    def test_find_instance_by_name(self):
        client, adapter = self.client(
            'http://h/v1',
            _response(404, '{"error_code": 404, "error_name": "NotFound", '
                           '"error_message": "not found"}'),
            _response(200, '{"instances": [{"id": "7", "name": "vm-1"}]}'),
            _response(200, '{"instances": []}'))
        self.assertEqual({'id': '7', 'name': 'vm-1'},
                         client.find('instances', 'vm-1'))
        self.assertEqual('http://h/v1/instances/vm-1',
                         adapter.request.call_args_list[0][0][0])
        exc = self.assertRaises(
            exceptions.CommandError, self.client(
                'http://h/v1', _response(404, '{}'),
                _response(200, '{"instances": []}'))[0].find,
            'instances', 'nope')
        self.assertEqual('No instance with a name or id of nope.', str(exc))


class TestShownValues(testtools.TestCase):
    def test_nested_values_are_indented_json_in_tables(self):
        from promise.osc.v1 import common
        body = {'id': 'x', 'tags': ['a', 'b'],
                'reservations': [{'resource_type': 'physical:host',
                                  'min': 1}],
                'extra': {'gpu': True}}
        names, values = common.show(body)
        shown = dict(zip(names, values))
        self.assertEqual('x', shown['id'])
        self.assertEqual('a, b', shown['tags'].human_readable())
        self.assertEqual(
            '[\n    {\n        "min": 1,\n        "resource_type": '
            '"physical:host"\n    }\n]',
            shown['reservations'].human_readable())
        self.assertEqual('{\n    "gpu": true\n}',
                         shown['extra'].human_readable())
        # -f json and -f yaml keep the structure.
        self.assertEqual(body['reservations'],
                         shown['reservations'].machine_readable())


class TestErrorLines(testtools.TestCase):
    def test_adjustment_conflict_names_the_cli_option(self):
        exc = promise_client.ApiError(
            409, 'AdjustmentConflict', 'Conflict: 1 reservation(s) would '
            'lose their capacity; give force: true to move them or mark '
            'them degraded')
        self.assertEqual(
            'AdjustmentConflict (HTTP 409): Conflict: 1 reservation(s) '
            'would lose their capacity; give --force to move them or mark '
            'them degraded', str(exc))


class TestMaxReservable(testtools.TestCase):
    def test_availability_and_errors_show_it_alike(self):
        from promise.osc.v1 import capacity
        maxima = [{'index': 0, 'resource_type': 'physical:host', 'max': 204},
                  {'index': 1, 'resource_type': 'capacity',
                   'max': {'VCPU': 6}}]
        self.assertEqual('#0 physical:host 204\n#1 capacity VCPU=6',
                         capacity.MaxReservableColumn(maxima)
                         .human_readable())
        self.assertIn('Max reservable: #0 physical:host 204; '
                      '#1 capacity VCPU=6.',
                      promise_client.cannot_be_met_hint(
                          {'max_reservable': maxima}))
