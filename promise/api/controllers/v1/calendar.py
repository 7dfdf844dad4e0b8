"""/v1/calendar: the reserved-capacity calendar Nova's scheduler filter
reads once per scheduling request, with an ETag so that an unchanged
calendar costs a 304 and no transfer."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.manager import calendar_rpcapi


class CalendarController(rest.RestController):

    @staticmethod
    def _manager():
        # Made per request, on the process's current transport: this
        # controller outlives applications and their transports.
        return calendar_rpcapi.CalendarAPI()

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:calendar:get')
        if params:
            raise exceptions.BadRequest(
                reason='unknown query parameter(s): %s' %
                ', '.join(sorted(params)))
        matcher = pecan.request.if_none_match
        # webob's "any" matcher is falsy, so test it by its text.
        if str(matcher) == '*':
            etags = ['*']
        else:
            etags = list(getattr(matcher, 'etags', None) or [])
        result = self._manager().get_calendar(context, etags)
        pecan.response.headers['ETag'] = '"%s"' % result['etag']
        pecan.response.headers['Cache-Control'] = 'no-cache'
        if result['calendar'] is None:
            pecan.response.status = 304
            return None
        return {'calendar': result['calendar']}
