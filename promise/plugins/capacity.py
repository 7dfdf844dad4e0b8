"""capacity — amounts per resource class from a pool, the OPNFV Promise
way (e.g. cores 5, ram 25600, instances 3), not bound to hosts."""
from promise import engine
from promise import exceptions
from promise.conf import CONF
from promise.plugins import base
from promise.plugins import fields

# OPNFV Promise's names for the resource classes.
ALIASES = {'cores': 'VCPU', 'vcpus': 'VCPU', 'ram': 'MEMORY_MB',
           'memory_mb': 'MEMORY_MB', 'disk': 'DISK_GB', 'disk_gb': 'DISK_GB',
           'instances': 'INSTANCES'}


def _class_name(name):
    return ALIASES.get(name, name)


class CapacityPlugin(base.ResourcePlugin):
    resource_type = 'capacity'

    def validate(self, values):
        amounts = {}
        given = values.get('amounts') or {}
        if not isinstance(given, dict):
            raise exceptions.ValidationError(
                reason='amounts must map resource classes to integers')
        for name in ALIASES:
            if name in values:
                given = dict(given, **{name: values[name]})
        for name, value in given.items():
            rc = _class_name(str(name))
            if not rc.replace('_', '').isalnum() or rc != rc.upper():
                raise exceptions.ValidationError(
                    reason='unknown resource class %r' % name)
            amounts[rc] = amounts.get(rc, 0) + fields.integer(
                {name: value}, name, minimum=0)
        if not any(amounts.values()):
            raise exceptions.ValidationError(
                reason='a capacity reservation needs a positive amount of '
                       'at least one resource class')
        return {'pool': str(values.get('pool') or
                            CONF.reservation.default_pool),
                'amounts': amounts}

    def merge(self, old_values, changes):
        """An update names the classes it changes, by class or alias;
        those replace the old amounts, the others are kept."""
        changes = dict(changes)
        amounts = dict(old_values.get('amounts') or {})
        given = dict(changes.pop('amounts', None) or {})
        for name in list(changes):
            if name in ALIASES:
                given[name] = changes.pop(name)
        for name, value in given.items():
            amounts[_class_name(str(name))] = value
        merged = {'pool': changes.pop('pool', old_values.get('pool')),
                  'amounts': amounts}
        merged.update(changes)
        return self.validate(merged)

    def _pool(self, world, values):
        return world.pool_calendar(world.find_pool(values['pool']))

    @staticmethod
    def _enclosing(world, pool):
        """The pool and every pool that contains all its hosts."""
        return [p for p in world.pools.values()
                if pool.host_ids and pool.host_ids <= p.host_ids] or [pool]

    def reserve(self, world, reservation_id, values, start, end):
        pool = world.find_pool(values['pool'])
        if not world.pool_calendar(pool).fits(start, end, values['amounts']):
            raise base.NotEnough()
        world.claim_pool(reservation_id, pool, start, end, values['amounts'])

    def max_reservable(self, world, values, start, end):
        # An amount in a pool also counts against every pool holding it.
        pool = world.find_pool(values['pool'])
        best = None
        for outer in self._enclosing(world, pool):
            headroom = world.pool_calendar(outer).headroom(
                start, end, classes=values['amounts'])
            best = headroom if best is None else {
                rc: min(best.get(rc, 0), headroom.get(rc, 0))
                for rc in values['amounts']}
        return {rc: max(0, best.get(rc, 0)) for rc in values['amounts']}

    def earliest_window(self, world, values, duration, search_start,
                        search_end):
        return engine.earliest_window(self._pool(world, values),
                                      values['amounts'], duration,
                                      search_start, search_end)
