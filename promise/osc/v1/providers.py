"""openstack reservation provider create|list|show|delete"""
import json

from osc_lib.command import command

from promise.osc.v1 import common


def _config_item(text):
    key, sep, value = text.partition('=')
    if not sep or not key:
        raise ValueError('expected key=value, got %r' % text)
    try:
        # Numbers, booleans and JSON objects keep their type.
        return key, json.loads(value)
    except ValueError:
        return key, value


class CreateProvider(command.ShowOne):
    """Register a provider: a VIM driver and its configuration."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the provider')
        parser.add_argument('--driver', metavar='<driver>', required=True,
                            help='VIM driver (promise.vim.drivers entry '
                                 'point), such as nova or simulated')
        parser.add_argument('--config', metavar='<key=value>',
                            action='append', default=[], type=_config_item,
                            help='Driver configuration item (auth_url, '
                                 'username, password ...), repeatable; '
                                 'credentials are never shown back')
        return parser

    def take_action(self, args):
        body = {'name': args.name, 'driver': args.driver,
                'config': dict(args.config)}
        return common.show(common.client(self).post('/providers',
                                                    body)['provider'])


class ListProviders(command.Lister):
    """List providers."""

    def take_action(self, args):
        providers = common.client(self).get('/providers')['providers']
        return (('ID', 'Name', 'Driver', 'Default', 'Hosts'),
                [[p['id'], p['name'], p['driver'], p['is_default'],
                  p['hosts']] for p in providers])


class ShowProvider(command.ShowOne):
    """Show a provider."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('provider', metavar='<provider>',
                            help='ID or name of the provider')
        return parser

    def take_action(self, args):
        return common.show(common.client(self).get(
            '/providers/%s' % args.provider)['provider'])


class DeleteProvider(command.Command):
    """Delete providers that no host or instance uses."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('providers', metavar='<provider>', nargs='+',
                            help='ID or name of a provider')
        return parser

    def take_action(self, args):
        common.delete_each(self, '/providers/%s', args.providers,
                           'providers')
