"""openstack reservation instance create|list|show|delete"""
from osc_lib.cli import parseractions
from osc_lib.command import command

from promise.osc.v1 import common
from promise.osc.v1 import waiting

LIST_COLUMNS = (('id', 'ID'), ('name', 'Name'), ('status', 'Status'),
                ('flavor', 'Flavor'), ('host', 'Host'),
                ('reservation_id', 'Reservation'),
                ('preemptible', 'Preemptible'))


class CreateInstance(command.ShowOne):
    """Create an instance on a reservation or on unreserved capacity."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the instance')
        parser.add_argument('--flavor', metavar='<flavor>', required=True,
                            help='Flavor name or ID')
        parser.add_argument('--image', metavar='<image>',
                            help='Image name or ID')
        parser.add_argument('--network', metavar='<network>',
                            action='append', dest='networks', default=[],
                            help='Network, repeatable')
        parser.add_argument('--reservation', metavar='<reservation-id>',
                            help='Boot on this reservation (its lease must '
                                 'be ACTIVE)')
        parser.add_argument('--provider', metavar='<provider>',
                            help='Provider ID or name (default: the '
                                 'default provider)')
        parser.add_argument('--preemptible', action='store_true',
                            help='May use capacity reserved for later; '
                                 'evicted when that reservation starts')
        parser.add_argument('--property', metavar='<key=value>',
                            action=parseractions.KeyValueAction,
                            dest='properties', default={},
                            help='Metadata passed to the VIM, repeatable')
        parser.add_argument('--ha-group', metavar='<group>',
                            action='append', default=[],
                            help='Anti-affinity (HA) group the placement '
                                 'policies read, repeatable')
        waiting.add_options(parser, 'the instance is ACTIVE',
                            waiting.INSTANCE_TIMEOUT)
        return parser

    def take_action(self, args):
        body = {'name': args.name, 'flavor': args.flavor}
        if args.image:
            body['image'] = args.image
        if args.networks:
            body['networks'] = args.networks
        if args.reservation:
            body['reservation_id'] = args.reservation
        if args.provider:
            body['provider_id'] = args.provider
        if args.preemptible:
            body['preemptible'] = True
        metadata = dict(args.properties)
        if args.ha_group:
            metadata['ha_group'] = ','.join(args.ha_group)
        if metadata:
            body['metadata'] = metadata
        client = common.client(self)
        instance = client.post('/instances', body)['instance']
        if args.wait:
            waiter = waiting.Waiter(self.app.stderr, args.wait_timeout)
            instance = waiting.instance_active(client, instance, waiter)
        return common.show(instance)


class ListInstances(command.Lister):
    """List instances."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--status', metavar='<status>',
                            help='Only instances in this status')
        parser.add_argument('--reservation', metavar='<reservation-id>',
                            help='Only instances on this reservation')
        parser.add_argument('--all-projects', action='store_true',
                            help='Instances of every project (admin)')
        return parser

    def take_action(self, args):
        params = {}
        if args.status:
            params['status'] = args.status
        if args.reservation:
            params['reservation_id'] = args.reservation
        if args.all_projects:
            params['all_projects'] = 'true'
        instances = common.client(self).list_all('/instances', 'instances',
                                                 params)
        return ([title for _, title in LIST_COLUMNS],
                [[i.get(key) for key, _ in LIST_COLUMNS]
                 for i in instances])


class ShowInstance(command.ShowOne):
    """Show an instance."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('instance', metavar='<instance>',
                            help='Name or ID of the instance')
        return parser

    def take_action(self, args):
        return common.show(common.client(self).find('instances',
                                                    args.instance))


class DeleteInstance(command.Command):
    """Delete instances (they go DELETING, then DELETED)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('instances', metavar='<instance>', nargs='+',
                            help='ID of an instance')
        waiting.add_options(parser, 'each instance is DELETED',
                            waiting.INSTANCE_TIMEOUT)
        return parser

    def take_action(self, args):
        settle = None
        if args.wait:
            def settle(answers):
                # One deadline for all: they are deleted side by side.
                waiter = waiting.Waiter(self.app.stderr, args.wait_timeout)
                for answer in answers:
                    waiting.instance_deleted(common.client(self),
                                             answer['instance'], waiter)
        common.delete_each(self, '/instances/%s', args.instances,
                           'instances', settle)
