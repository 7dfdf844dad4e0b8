"""/v1/availability: "when, and how much, can I get"."""
import pecan
from pecan import rest

from promise import policy
from promise.api import body
from promise.api.schemas import availability as schemas


class AvailabilityController(rest.RestController):

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:availability:search')
        request = body.validate(body.load(pecan.request), schemas.search)
        result = pecan.request.manager.availability(context, request)
        return {'availability': result}
