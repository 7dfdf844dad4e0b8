from osc_lib import exceptions

from promise.osc.v1 import instances
from promise.osc.v1 import providers
from promise.tests.unit.osc import test_commands


class TestProviderCommands(test_commands.CommandTest):
    def test_create_body_keeps_types(self):
        self.client.post.return_value = {'provider': {'id': 'x',
                                                      'name': 'r2'}}
        cmd, args = self.parse(providers.CreateProvider, [
            'r2', '--driver', 'nova', '--config', 'auth_url=http://k/v3',
            '--config', 'password=secret', '--config', 'insecure=true'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/providers', {
            'name': 'r2', 'driver': 'nova',
            'config': {'auth_url': 'http://k/v3', 'password': 'secret',
                       'insecure': True}})

    def test_bad_config_item_and_missing_driver(self):
        self.parse_error(providers.CreateProvider,
                         ['r2', '--driver', 'nova', '--config', 'nokey'])
        self.parse_error(providers.CreateProvider, ['r2'])

    def test_list(self):
        self.client.get.return_value = {'providers': [
            {'id': 'i', 'name': 'default', 'driver': 'simulated',
             'is_default': True, 'hosts': 3}]}
        cmd, args = self.parse(providers.ListProviders, [])
        columns, rows = cmd.take_action(args)
        self.assertEqual(('ID', 'Name', 'Driver', 'Default', 'Hosts'),
                         columns)
        self.assertEqual([['i', 'default', 'simulated', True, 3]], rows)

    def test_delete_several_reports_failures(self):
        def delete(path):
            if path.endswith('/b'):
                raise exceptions.CommandError('in use')
        self.client.delete.side_effect = delete
        cmd, args = self.parse(providers.DeleteProvider, ['a', 'b'])
        exc = self.assertRaises(exceptions.CommandError, cmd.take_action,
                                args)
        self.assertIn('1 of 2 providers not deleted: b', str(exc))


class TestInstanceCommands(test_commands.CommandTest):
    def test_create_body(self):
        self.client.post.return_value = {'instance': {'id': 'x'}}
        cmd, args = self.parse(instances.CreateInstance, [
            'vm', '--flavor', 'tiny', '--image', 'cirros', '--network',
            'n1', '--network', 'n2', '--reservation', 'r'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/instances', {
            'name': 'vm', 'flavor': 'tiny', 'image': 'cirros',
            'networks': ['n1', 'n2'], 'reservation_id': 'r'})

    def test_create_with_metadata_and_ha_groups(self):
        self.client.post.return_value = {'instance': {'id': 'x'}}
        cmd, args = self.parse(instances.CreateInstance, [
            'vm', '--flavor', 'tiny', '--property', 'tier=db',
            '--ha-group', 'g1', '--ha-group', 'g2'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/instances', {
            'name': 'vm', 'flavor': 'tiny',
            'metadata': {'tier': 'db', 'ha_group': 'g1,g2'}})

    def test_create_preemptible(self):
        self.client.post.return_value = {'instance': {'id': 'x'}}
        cmd, args = self.parse(instances.CreateInstance, [
            'vm', '--flavor', 'tiny', '--preemptible'])
        cmd.take_action(args)
        self.client.post.assert_called_once_with('/instances', {
            'name': 'vm', 'flavor': 'tiny', 'preemptible': True})
        self.parse_error(instances.CreateInstance, ['vm'])

    def test_list_filters(self):
        self.client.list_all.return_value = [
            {'id': 'i', 'name': 'vm', 'status': 'ACTIVE', 'flavor': 'tiny',
             'host': 'server-a', 'reservation_id': None,
             'preemptible': False}]
        cmd, args = self.parse(instances.ListInstances, [
            '--status', 'ACTIVE', '--all-projects'])
        columns, rows = cmd.take_action(args)
        self.client.list_all.assert_called_once_with(
            '/instances', 'instances',
            {'status': 'ACTIVE', 'all_projects': 'true'})
        self.assertEqual([['i', 'vm', 'ACTIVE', 'tiny', 'server-a', None,
                           False]], rows)

    def test_show_and_delete(self):
        self.client.find.return_value = {'id': 'i', 'status': 'ACTIVE'}
        cmd, args = self.parse(instances.ShowInstance, ['vm-1'])
        names, values = cmd.take_action(args)
        self.client.find.assert_called_once_with('instances', 'vm-1')
        self.assertEqual(['id', 'status'], names)
        cmd, args = self.parse(instances.DeleteInstance, ['i'])
        cmd.take_action(args)
        self.client.delete.assert_called_once_with('/instances/i')
