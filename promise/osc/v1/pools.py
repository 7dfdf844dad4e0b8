"""openstack reservation pool list|show"""
from osc_lib.command import command

from promise.osc.v1 import common


class ListPools(command.Lister):
    """List pools."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--kind', metavar='<kind>',
                            choices=('provider', 'custom', 'aggregate',
                                     'zone'),
                            help='Only pools of this kind')
        return parser

    def take_action(self, args):
        params = {'kind': args.kind} if args.kind else None
        pools = common.client(self).get('/pools', params)['pools']
        return (('ID', 'Name', 'Kind', 'Hosts'),
                [[p['id'], p['name'], p['kind'], len(p['hosts'])]
                 for p in pools])


class ShowPool(command.ShowOne):
    """Show a pool."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('pool', metavar='<pool>',
                            help='ID or name of the pool')
        return parser

    def take_action(self, args):
        pool = common.client(self).get('/pools/%s' % args.pool)['pool']
        return common.show(pool)
