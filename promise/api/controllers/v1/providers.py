"""/v1/providers: the VIM endpoints Promise allocates on. Their config
holds credentials, which are never returned."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import listing
from promise.api import views
from promise.api.schemas import providers as schemas
from promise.db import instances_api as db


def _collection_405():
    pecan.abort(405, headers={'Allow': 'GET, POST'})


def _provider_or_404(context, ref, action):
    policy.authorize(context, action)
    row = db.provider_get(context, ref)
    if row is None:
        raise exceptions.NotFound(object='Provider', id=ref)
    return row


class ProvidersController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:providers:get_all')
        listing.ListQuery(params, ('created_at',))
        counts = db.provider_host_counts(context)
        return {'providers': [views.provider(p, counts.get(p.id, 0))
                              for p in db.provider_list(context)]}

    @pecan.expose(template='json')
    def get_one(self, provider_id):
        context = pecan.request.context
        row = _provider_or_404(context, provider_id,
                               'promise:providers:get')
        counts = db.provider_host_counts(context)
        return {'provider': views.provider(row, counts.get(row.id, 0))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:providers:create')
        values = body.validate(body.load(pecan.request), schemas.create)
        provider_id = pecan.request.instances.create_provider(context,
                                                              values)
        counts = db.provider_host_counts(context)
        pecan.response.status = 201
        return {'provider': views.provider(
            db.provider_get(context, provider_id),
            counts.get(provider_id, 0))}

    @pecan.expose(template='json')
    def put(self, provider_id=None):
        if provider_id is None:
            _collection_405()
        pecan.abort(405, headers={'Allow': 'GET, DELETE'})

    @pecan.expose(template='json')
    def delete(self, provider_id=None):
        if provider_id is None:
            _collection_405()
        context = pecan.request.context
        row = _provider_or_404(context, provider_id,
                               'promise:providers:delete')
        pecan.request.instances.delete_provider(context, row.id)
        pecan.response.status = 204
