"""/v1/capacity/adjustments: planned upgrades and planned downtime."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import listing
from promise.api import views
from promise.api.schemas import adjustments as schemas
from promise.db import api as db_api


class AdjustmentsController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:capacity:adjustment:get')
        listing.ListQuery(params, ('id',), extra=('host_id', 'pool_id'))
        rows = db_api.adjustment_list(context, params.get('host_id'),
                                      params.get('pool_id'))
        return {'adjustments': [views.adjustment(a) for a in rows]}

    @pecan.expose(template='json')
    def get_one(self, adjustment_id):
        context = pecan.request.context
        policy.authorize(context, 'promise:capacity:adjustment:get')
        adj = db_api.adjustment_get(context, adjustment_id)
        if adj is None:
            raise exceptions.NotFound(object='Capacity adjustment',
                                      id=adjustment_id)
        return {'adjustment': views.adjustment(adj)}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:capacity:adjustment:create')
        values = body.validate(body.load(pecan.request), schemas.create)
        result = pecan.request.manager.create_adjustment(context, values)
        adj = views.adjustment(db_api.adjustment_get(context, result['id']))
        adj.update(moved=result['moved'], degraded=result['degraded'])
        pecan.response.status = 201
        return {'adjustment': adj}

    @pecan.expose(template='json')
    def delete(self, adjustment_id=None, **params):
        if adjustment_id is None:
            pecan.abort(405, headers={'Allow': 'GET, POST'})
        context = pecan.request.context
        policy.authorize(context, 'promise:capacity:adjustment:delete')
        force = listing.ListQuery(params, ('id',), extra=('force',)
                                  ).flag('force')
        pecan.request.manager.delete_adjustment(context, adjustment_id,
                                                force)
        pecan.response.status = 204
