"""virtual:instance — a number of identical instance slots, as Blazar's
instance reservations: amount x (vcpus, memory_mb, disk_gb), affinity
true (one host), false (one host each) or null (anywhere)."""
from promise import engine
from promise.conf import CONF
from promise.plugins import base
from promise.plugins import fields
from promise.plugins import filters


class InstancePlugin(base.ResourcePlugin):
    resource_type = 'virtual:instance'

    def validate(self, values):
        out = {'amount': fields.integer(values, 'amount', minimum=1,
                                        required=True),
               'vcpus': fields.integer(values, 'vcpus', minimum=1,
                                       required=True),
               'memory_mb': fields.integer(values, 'memory_mb', minimum=1,
                                           required=True),
               'disk_gb': fields.integer(values, 'disk_gb', minimum=0,
                                         required=True),
               'affinity': fields.tristate(values, 'affinity'),
               'resource_properties': values.get('resource_properties') or '',
               'strategy': values.get('strategy') or
               CONF.reservation.placement_strategy}
        if out['strategy'] not in (engine.PACK, engine.SPREAD):
            from promise import exceptions
            raise exceptions.ValidationError(
                reason='strategy must be pack or spread')
        filters.parse(out['resource_properties'], 'resource_properties')
        return out

    @staticmethod
    def unit(values):
        return {'VCPU': values['vcpus'], 'MEMORY_MB': values['memory_mb'],
                'DISK_GB': values['disk_gb'], 'INSTANCES': 1}

    def _request(self, values, count=None):
        return engine.PlacementRequest(
            count=count or values['amount'], amounts=self.unit(values),
            affinity=values['affinity'], strategy=values['strategy'])

    def _calendars(self, world, values):
        res = filters.parse(values.get('resource_properties'),
                            'resource_properties')
        return world.calendars_of(world.usable_hosts(
            lambda h: filters.matches(res, h.properties)))

    def reserve(self, world, reservation_id, values, start, end):
        chosen = engine.choose_hosts(self._calendars(world, values),
                                     self._request(values), start, end)
        if chosen is None:
            raise base.NotEnough()
        unit = self.unit(values)
        per_host = {}
        for name in chosen:
            host_id = world.by_name[name]
            per_host[host_id] = per_host.get(host_id, 0) + 1
        for host_id, count in sorted(per_host.items()):
            world.claim_host(reservation_id, host_id, start, end,
                             {rc: v * count for rc, v in unit.items()})

    def max_reservable(self, world, values, start, end):
        upper = engine.max_instances(self._calendars(world, values),
                                     self._request(values, 1), start, end)
        return self._largest_that_fits(
            world, upper, lambda n: dict(values, amount=n), start, end)

    def earliest_window(self, world, values, duration, search_start,
                        search_end):
        return engine.earliest_window_for_hosts(
            self._calendars(world, values), self._request(values), duration,
            search_start, search_end)

    def describe(self, reservation_id, values):
        # Blazar names the flavor of an instance reservation after the
        # reservation; clients boot with it.
        return {'flavor_id': reservation_id, 'server_group_id': None,
                'aggregate_id': None}
