"""/v1/capacity: total, reserved, used and available capacity over a
window, for a host, a pool, a zone or the whole cloud."""
import pecan
from pecan import rest

from promise import dates
from promise import exceptions
from promise import policy
from promise.api import listing
from promise.api.controllers.v1 import adjustments

_SCOPES = ('host', 'pool', 'zone')


class CapacityController(rest.RestController):
    adjustments = adjustments.AdjustmentsController()

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:capacity:get')
        known = set(_SCOPES) | {'start_date', 'end_date', 'resource_class',
                                'timeline'}
        unknown = sorted(set(params) - known)
        if unknown:
            raise exceptions.BadRequest(
                reason='unknown query parameter(s): %s' % ', '.join(unknown))
        scope = {k: params[k] for k in _SCOPES if params.get(k)}
        if len(scope) > 1:
            raise exceptions.BadRequest(
                reason='give at most one of host, pool, zone')
        start = dates.parse(params.get('start_date') or 'now', 'start_date')
        end = dates.parse(params['end_date'], 'end_date') \
            if params.get('end_date') else None
        if end is not None and end <= start:
            raise exceptions.BadRequest(
                reason='end_date must be after start_date')
        classes = [c.strip() for c in
                   (params.get('resource_class') or '').split(',')
                   if c.strip()] or None
        timeline = listing.ListQuery({'timeline': params.get('timeline')},
                                     ('id',), extra=('timeline',)
                                     ).flag('timeline')
        result = pecan.request.manager.capacity(
            context, dates.to_epoch(start),
            dates.to_epoch(end) if end else None, scope, classes, timeline)
        result['scope'] = scope or {'cloud': True}
        return {'capacity': result}
