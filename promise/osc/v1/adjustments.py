"""openstack reservation capacity adjustment create|list|delete"""
import logging

from osc_lib import exceptions
from osc_lib.command import command

from promise.osc import parsing
from promise.osc.v1 import common

LOG = logging.getLogger(__name__)

COLUMNS = (('id', 'ID'), ('host_id', 'Host ID'), ('pool_id', 'Pool ID'),
           ('amounts', 'Amounts'), ('start_date', 'Start date'),
           ('end_date', 'End date'), ('reason', 'Reason'))


def _scope(parser, required):
    scope = parser.add_mutually_exclusive_group(required=required)
    scope.add_argument('--host', metavar='<host>',
                       help='Host (ID or hypervisor hostname)')
    scope.add_argument('--pool', metavar='<pool>',
                       help='Pool (ID or name)')


class CreateAdjustment(command.ShowOne):
    """Plan an upgrade (--amount) or a downtime (--downtime)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _scope(parser, required=True)
        parser.add_argument('--amount', metavar='<CLASS=N>',
                            action='append', default=[],
                            type=parsing.class_amount,
                            help='Change of a resource class, such as '
                                 'VCPU=16 or MEMORY_MB=-8192; repeatable')
        parser.add_argument('--downtime', action='store_true',
                            help='The host or pool is down: its whole '
                                 'capacity is taken away')
        parser.add_argument('--start-date', metavar='<date>',
                            help='Start (default: now)')
        parser.add_argument('--end-date', metavar='<date>',
                            help='End (default: none, a lasting change)')
        parser.add_argument('--reason', metavar='<text>',
                            help='Why, for operators')
        parser.add_argument('--force', action='store_true',
                            help='Go ahead even when reservations no '
                                 'longer fit: they are moved or their '
                                 'leases marked DEGRADED')
        return parser

    def take_action(self, args):
        if not args.amount and not args.downtime:
            raise exceptions.CommandError('give --amount or --downtime')
        body = {'host': args.host} if args.host else {'pool': args.pool}
        if args.amount:
            amounts = {}
            for name, number in args.amount:
                if name in amounts:
                    raise exceptions.CommandError(
                        '--amount %s is given twice' % name)
                amounts[name] = number
            body['amounts'] = amounts
        if args.downtime:
            body['downtime'] = True
        for name in ('start_date', 'end_date', 'reason'):
            if getattr(args, name) is not None:
                body[name] = getattr(args, name)
        if args.force:
            body['force'] = True
        adjustment = common.client(self).post('/capacity/adjustments',
                                              body)['adjustment']
        return common.show(adjustment)


class ListAdjustments(command.Lister):
    """List capacity adjustments."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _scope(parser, required=False)
        return parser

    def take_action(self, args):
        client = common.client(self)
        params = {}
        # The list filters on ids; names are resolved first.
        if args.host:
            params['host_id'] = client.get('/os-hosts/%s' %
                                           args.host)['host']['id']
        if args.pool:
            params['pool_id'] = client.get('/pools/%s' %
                                           args.pool)['pool']['id']
        rows = client.get('/capacity/adjustments', params)['adjustments']
        return ([title for _, title in COLUMNS],
                [[common.formatted(a.get(key)) for key, _ in COLUMNS]
                 for a in rows])


class DeleteAdjustment(command.Command):
    """Delete capacity adjustments."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('adjustments', metavar='<adjustment-id>',
                            nargs='+', help='ID of an adjustment')
        parser.add_argument('--force', action='store_true',
                            help='Go ahead even when reservations no '
                                 'longer fit once it is gone')
        return parser

    def take_action(self, args):
        client = common.client(self)
        params = {'force': 'true'} if args.force else None
        failures = []
        for adjustment_id in args.adjustments:
            try:
                client.delete('/capacity/adjustments/%s' % adjustment_id,
                              params)
            except exceptions.CommandError as exc:
                if len(args.adjustments) == 1:
                    raise
                LOG.error('%s', exc)
                failures.append(adjustment_id)
        if failures:
            raise exceptions.CommandError(
                '%d of %d adjustments not deleted: %s' % (
                    len(failures), len(args.adjustments),
                    ', '.join(failures)))
