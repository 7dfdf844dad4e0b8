"""openstack reservation host list|show, allocation list"""
from osc_lib.command import command

from promise.osc.v1 import common

HOST_COLUMNS = (('id', 'ID'), ('hypervisor_hostname', 'Hypervisor hostname'),
                ('vcpus', 'vCPUs'), ('memory_mb', 'Memory MB'),
                ('local_gb', 'Local GB'), ('state', 'State'),
                ('reservable', 'Reservable'))


class ListHosts(command.Lister):
    """List hosts."""

    def take_action(self, args):
        hosts = common.client(self).get('/os-hosts')['hosts']
        return ([title for _, title in HOST_COLUMNS],
                [[h.get(key) for key, _ in HOST_COLUMNS] for h in hosts])


class ShowHost(command.ShowOne):
    """Show a host."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('host', metavar='<host>',
                            help='ID or hypervisor hostname of the host')
        return parser

    def take_action(self, args):
        host = common.client(self).get('/os-hosts/%s' % args.host)['host']
        return common.show(host)


class ListAllocations(command.Lister):
    """List the reservations holding each host."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        # Blazar's form: "allocation list host".
        parser.add_argument('resource_type', metavar='<resource-type>',
                            nargs='?', default='host', choices=('host',),
                            help='Type of resource (only "host")')
        parser.add_argument('--lease-id', metavar='<lease-id>',
                            help='Only allocations of this lease')
        parser.add_argument('--reservation-id', metavar='<reservation-id>',
                            help='Only allocations of this reservation')
        return parser

    def take_action(self, args):
        params = {}
        if args.lease_id:
            params['lease_id'] = args.lease_id
        if args.reservation_id:
            params['reservation_id'] = args.reservation_id
        allocations = common.client(self).get('/os-hosts/allocations',
                                              params)['allocations']
        return (('Resource ID', 'Reservations'),
                [[a['resource_id'], common.formatted(a['reservations'])]
                 for a in allocations])
