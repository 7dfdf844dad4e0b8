"""physical:host — whole hosts, as Blazar reserves them.

Request fields: min, max, hypervisor_properties and resource_properties in
Blazar's filter syntax, before_end. A chosen host is claimed in full, so
nothing else can be placed on it during the lease.
"""
from promise import engine
from promise import exceptions
from promise.plugins import base
from promise.plugins import fields
from promise.plugins import filters


class HostPlugin(base.ResourcePlugin):
    resource_type = 'physical:host'

    def validate(self, values):
        low = fields.integer(values, 'min', minimum=1, required=True)
        high = fields.integer(values, 'max', minimum=1, required=True)
        if low > high:
            raise exceptions.ValidationError(
                reason='min (%d) must not exceed max (%d)' % (low, high))
        out = {'min': low, 'max': high,
               'hypervisor_properties':
                   values.get('hypervisor_properties') or '',
               'resource_properties': values.get('resource_properties') or '',
               'before_end': values.get('before_end') or 'default'}
        for name in ('hypervisor_properties', 'resource_properties'):
            filters.parse(out[name], name)
        return out

    def _candidates(self, world, values):
        hyp = filters.parse(values.get('hypervisor_properties'),
                            'hypervisor_properties')
        res = filters.parse(values.get('resource_properties'),
                            'resource_properties')
        hosts = world.usable_hosts(
            lambda h: filters.matches(hyp, h.properties) and
            filters.matches(res, h.properties))
        return world.calendars_of(hosts)

    def reserve(self, world, reservation_id, values, start, end):
        calendars = self._candidates(world, values)
        chosen = engine.choose_whole_hosts(calendars, values['min'],
                                           values['max'], start, end)
        if chosen is None:
            raise base.NotEnough()
        for host_id in (world.by_name[name] for name in chosen):
            headroom = world.calendars[host_id].headroom(start, end)
            world.claim_host(reservation_id, host_id, start, end,
                             {rc: v for rc, v in headroom.items() if v > 0})

    def max_reservable(self, world, values, start, end):
        calendars = self._candidates(world, values)
        free = len(engine.choose_whole_hosts(calendars, 0, None, start, end))
        return self._largest_that_fits(
            world, free, lambda n: dict(values, min=n, max=n), start, end)

    def earliest_window(self, world, values, duration, search_start,
                        search_end):
        return engine.earliest_window_for_whole_hosts(
            self._candidates(world, values), values['min'], duration,
            search_start, search_end)
