"""openstack reservation capacity show, availability find"""
from osc_lib import exceptions
from osc_lib.cli import format_columns
from osc_lib.command import command

from promise.osc import client as promise_client
from promise.osc.v1 import common
from promise.osc.v1 import leases

COUNTS = ('total', 'reserved', 'used', 'available')


class ShowCapacity(command.Lister):
    """Show total, reserved, used and available capacity over a window."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--start-date', metavar='<date>',
                            help='Start of the window (default: now)')
        parser.add_argument('--end-date', metavar='<date>',
                            help='End of the window')
        parser.add_argument('--resource-class', metavar='<class>',
                            action='append', default=[],
                            help='Only this resource class, such as VCPU; '
                                 'repeatable')
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument('--host', metavar='<host>',
                           help='Capacity of one host (ID or name)')
        scope.add_argument('--pool', metavar='<pool>',
                           help='Capacity of one pool (ID or name)')
        scope.add_argument('--zone', metavar='<zone>',
                           help='Capacity of one availability zone')
        parser.add_argument('--timeline', action='store_true',
                            help='One row per point in time where the '
                                 'capacity changes, with the available '
                                 'amount of each class')
        return parser

    def take_action(self, args):
        params = {}
        for name in ('start_date', 'end_date', 'host', 'pool', 'zone'):
            if getattr(args, name):
                params[name] = getattr(args, name)
        if args.resource_class:
            params['resource_class'] = ','.join(args.resource_class)
        if args.timeline:
            params['timeline'] = 'true'
        capacity = common.client(self).get('/capacity', params)['capacity']
        if not args.timeline:
            resources = capacity['resources']
            return (('Resource class', 'Total', 'Reserved', 'Used',
                     'Available'),
                    [[name] + [resources[name][c] for c in COUNTS]
                     for name in sorted(resources)])
        classes = sorted(capacity['resources'])
        return (['Time'] + classes,
                [[promise_client.short_date(point['time'])] +
                 [point['resources'].get(c, {}).get('available')
                  for c in classes]
                 for point in capacity['timeline']])


class WindowsColumn(format_columns.ListDictColumn):
    def human_readable(self):
        return '\n'.join('%s to %s' % (
            promise_client.short_date(w['start_date']),
            promise_client.short_date(w['end_date']))
            for w in self._value) or 'none'


class MaxReservableColumn(format_columns.ListDictColumn):
    def human_readable(self):
        return '\n'.join(promise_client.max_reservable(m)
                         for m in self._value)


class FindAvailability(command.ShowOne):
    """Find the earliest windows where reservations fit."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--start-date', metavar='<date>',
                            help='Earliest start (default: now)')
        length = parser.add_mutually_exclusive_group(required=True)
        length.add_argument('--end-date', metavar='<date>',
                            help='End of the asked window: its length is '
                                 'the duration')
        length.add_argument('--duration', metavar='<duration>',
                            help='Length of a window, such as 2d or 6h')
        parser.add_argument('--limit', metavar='<n>', type=int,
                            help='Number of windows (1 to 20)')
        leases.add_reservation_options(parser)
        return parser

    def take_action(self, args):
        if args.limit is not None and not 1 <= args.limit <= 20:
            raise exceptions.CommandError('--limit must be from 1 to 20')
        body = {'reservations': leases.reservations_of(args)}
        for name in ('start_date', 'end_date', 'duration', 'limit'):
            if getattr(args, name) is not None:
                body[name] = getattr(args, name)
        found = common.client(self).post('/availability',
                                         body)['availability']
        return (('windows', 'max_reservable', 'duration'),
                (WindowsColumn(found.get('windows') or []),
                 MaxReservableColumn(found.get('max_reservable') or []),
                 found.get('duration')))
