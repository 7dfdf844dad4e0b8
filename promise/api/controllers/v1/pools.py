"""/v1/pools: named sets of hosts that amount reservations draw from."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import views
from promise.api.controllers.v1 import hosts
from promise.api.schemas import pools as schemas
from promise.db import api as db_api


def _pool_or_404(context, pool_id):
    pool = db_api.pool_get(context, pool_id)
    if pool is None:
        raise exceptions.NotFound(object='Pool', id=pool_id)
    return pool


class PoolsController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:pools:get_all')
        pools = db_api.pool_list(context, kind=params.get('kind'))
        return {'pools': [views.pool(p) for p in pools]}

    @pecan.expose(template='json')
    def get_one(self, pool_id):
        context = pecan.request.context
        policy.authorize(context, 'promise:pools:get')
        return {'pool': views.pool(_pool_or_404(context, pool_id))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:pools:create')
        data = body.validate(body.load(pecan.request), schemas.create)
        pool_id = pecan.request.inventory.create_pool(context, data)
        pecan.response.status = 201
        return {'pool': views.pool(_pool_or_404(context, pool_id))}

    @pecan.expose(template='json')
    def put(self, pool_id=None):
        if pool_id is None:
            hosts.collection_405('GET, POST')
        context = pecan.request.context
        policy.authorize(context, 'promise:pools:update')
        data = body.validate(body.load(pecan.request), schemas.update)
        pool_id = pecan.request.inventory.update_pool(context, pool_id, data)
        return {'pool': views.pool(_pool_or_404(context, pool_id))}

    @pecan.expose(template='json')
    def delete(self, pool_id=None):
        if pool_id is None:
            hosts.collection_405('GET, POST')
        context = pecan.request.context
        policy.authorize(context, 'promise:pools:delete')
        pecan.request.inventory.delete_pool(context, pool_id)
        pecan.response.status = 204
