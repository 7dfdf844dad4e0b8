"""openstack reservation lease create|list|show|set|delete"""
import logging

from osc_lib import exceptions
from osc_lib.command import command

from promise.osc import parsing
from promise.osc.v1 import common
from promise.osc.v1 import waiting

LOG = logging.getLogger(__name__)

LIST_COLUMNS = (('id', 'ID'), ('name', 'Name'), ('status', 'Status'),
                ('start_date', 'Start date'), ('end_date', 'End date'))


def add_reservation_options(parser):
    parser.add_argument(
        '--reservation', metavar='<key=value,...>', action='append',
        dest='reservations', default=[], type=parsing.reservation,
        help='A reservation, repeatable: resource_type=physical:host with '
             'min, max, hypervisor_properties, resource_properties; '
             'resource_type=virtual:instance with amount, vcpus, memory_mb, '
             'disk_gb, affinity, resource_properties; '
             'resource_type=capacity with pool and cores, ram, instances '
             'or resource classes. Commas inside brackets or quotes belong '
             'to the value.')
    parser.add_argument(
        '--physical-reservation', metavar='<min=N,max=N,...>',
        action='append', dest='physical_reservations', default=[],
        type=parsing.physical_reservation,
        help='A physical:host reservation (min, max, hypervisor_properties, '
             'resource_properties), repeatable.')


def reservations_of(args):
    reservations = list(args.reservations) + list(args.physical_reservations)
    if not reservations:
        raise exceptions.CommandError(
            'give at least one --reservation or --physical-reservation')
    return reservations


class CreateLease(command.ShowOne):
    """Create a lease."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the lease')
        parser.add_argument('--start-date', metavar='<date>', default='now',
                            help='Start, "YYYY-MM-DD HH:MM" (UTC), ISO 8601 '
                                 'or "now" (default)')
        parser.add_argument('--end-date', metavar='<date>', required=True,
                            help='End, "YYYY-MM-DD HH:MM" (UTC) or ISO 8601')
        parser.add_argument('--before-end-date', metavar='<date>',
                            help='Time of the before_end_lease event')
        add_reservation_options(parser)
        waiting.add_options(parser, 'the lease is ACTIVE (through its '
                            'start date)', waiting.LEASE_TIMEOUT)
        return parser

    def take_action(self, args):
        body = {'name': args.name, 'start_date': args.start_date,
                'end_date': args.end_date,
                'reservations': reservations_of(args)}
        if args.before_end_date:
            body['before_end_date'] = args.before_end_date
        client = common.client(self)
        lease = client.post('/leases', body)['lease']
        if args.wait:
            lease = waiting.lease(client, lease, waiting.Waiter(
                self.app.stderr, args.wait_timeout))
        return common.show(lease)


class ListLeases(command.Lister):
    """List leases."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--status', metavar='<status>',
                            help='Only leases in this status, such as '
                                 'PENDING or ACTIVE')
        parser.add_argument('--resource-type', metavar='<resource-type>',
                            choices=parsing.RESOURCE_TYPES,
                            help='Only leases holding a reservation of '
                                 'this type')
        parser.add_argument('--project', metavar='<project-id>',
                            help='Only leases of this project (admin)')
        parser.add_argument('--sort-by', metavar='<field>',
                            choices=('created_at', 'name', 'start_date',
                                     'end_date', 'status', 'id'),
                            help='Sort by this field')
        return parser

    def take_action(self, args):
        params = {}
        for option, param in (('status', 'status'),
                              ('resource_type', 'resource_type'),
                              ('project', 'project_id'),
                              ('sort_by', 'sort_key')):
            if getattr(args, option):
                params[param] = getattr(args, option)
        leases = common.client(self).list_all('/leases', 'leases', params)
        return ([title for _, title in LIST_COLUMNS],
                [[lease.get(key) for key, _ in LIST_COLUMNS]
                 for lease in leases])


class ShowLease(command.ShowOne):
    """Show a lease."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('lease', metavar='<lease>',
                            help='Name or ID of the lease')
        return parser

    def take_action(self, args):
        return common.show(common.client(self).find_lease(args.lease))


class SetLease(command.ShowOne):
    """Change a lease: name, dates, reservations."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('lease', metavar='<lease>',
                            help='Name or ID of the lease')
        parser.add_argument('--name', metavar='<name>', help='New name')
        parser.add_argument('--start-date', metavar='<date>',
                            help='New start')
        parser.add_argument('--end-date', metavar='<date>', help='New end')
        parser.add_argument('--before-end-date', metavar='<date>',
                            help='New time of the before_end_lease event')
        prolong = parser.add_mutually_exclusive_group()
        prolong.add_argument('--prolong-for', metavar='<duration>',
                             help='Move the end later by this much, such '
                                  'as 2h or 1d')
        prolong.add_argument('--reduce-by', metavar='<duration>',
                             help='Move the end earlier by this much')
        parser.add_argument(
            '--reservation', metavar='<id=ID,key=value,...>',
            action='append', dest='reservations', default=[],
            type=parsing.reservation_update,
            help='Change the fields of one reservation, named by its id; '
                 'repeatable')
        return parser

    def take_action(self, args):
        body = {}
        for name in ('name', 'start_date', 'end_date', 'before_end_date',
                     'prolong_for', 'reduce_by'):
            if getattr(args, name) is not None:
                body[name] = getattr(args, name)
        if args.reservations:
            body['reservations'] = args.reservations
        if not body:
            raise exceptions.CommandError('nothing to change')
        client = common.client(self)
        lease = client.find_lease(args.lease)
        updated = client.put('/leases/%s' % lease['id'], body)['lease']
        return common.show(updated)


class DeleteLease(command.Command):
    """Delete leases."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('leases', metavar='<lease>', nargs='+',
                            help='Name or ID of a lease')
        return parser

    def take_action(self, args):
        client = common.client(self)
        failures = []
        for value in args.leases:
            try:
                lease = client.find_lease(value)
                client.delete('/leases/%s' % lease['id'])
            except exceptions.CommandError as exc:
                if len(args.leases) == 1:
                    raise
                LOG.error('%s', exc)
                failures.append(value)
        if failures:
            raise exceptions.CommandError(
                '%d of %d leases not deleted: %s' % (
                    len(failures), len(args.leases), ', '.join(failures)))
