import pecan
from pecan import rest

from promise.api import views
from promise.db import api as db_api
from promise import exceptions
from promise import policy


class HostsController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **kwargs):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get_all')
        return {'hosts': [views.host(h) for h in db_api.host_list(context)]}

    @pecan.expose(template='json')
    def get_one(self, host_id):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get')
        host = db_api.host_get(context, host_id)
        if host is None:
            raise exceptions.NotFound(object='Host', id=host_id)
        return {'host': views.host(host)}
