"""/v1/leases, as Blazar serves it, with filters and pagination."""
import pecan
from pecan import rest

from promise import dates
from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import listing
from promise.api import views
from promise.api.schemas import leases as schemas
from promise.db import api as db_api

SORT_KEYS = ('created_at', 'name', 'start_date', 'end_date', 'status', 'id')


def _collection_405():
    # pecan routes PUT and DELETE on the collection to the item methods.
    pecan.abort(405, headers={'Allow': 'GET, POST'})


def _lease_or_404(context, lease_id, action='promise:leases:get'):
    lease = db_api.lease_get(context, lease_id)
    if lease is None:
        raise exceptions.NotFound(object='Lease', id=lease_id)
    try:
        policy.authorize(context, action,
                         {'project_id': lease.project_id,
                          'user_id': lease.user_id})
    except exceptions.PolicyNotAuthorized:
        # Another project's lease is not acknowledged to exist.
        if not policy.check_is_admin(context) and \
                lease.project_id != context.project_id:
            raise exceptions.NotFound(object='Lease', id=lease_id)
        raise
    return lease


class LeasesController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:leases:get_all')
        is_admin = policy.check_is_admin(context)
        query = listing.ListQuery(params, SORT_KEYS,
                                  extra=('project_id', 'status',
                                         'resource_type', 'start_date',
                                         'end_date', 'utilization'))
        project = params.get('project_id') if is_admin else \
            context.project_id
        window = None
        if params.get('start_date') or params.get('end_date'):
            window = (dates.parse(params.get('start_date') or
                                  '1970-01-01 00:00', 'start_date'),
                      dates.parse(params.get('end_date') or
                                  '9999-12-31 00:00', 'end_date'))
        leases = db_api.lease_list(
            context, project_id=project, status=params.get('status'),
            resource_type=params.get('resource_type'), window=window,
            limit=query.limit, marker=query.marker,
            sort_key=query.sort_key, sort_dir=query.sort_dir)
        result = {'leases': [views.lease(ls) for ls in leases]}
        if query.flag('utilization'):
            result['utilization'] = pecan.request.manager.utilization(
                context, window and [dates.to_epoch(w) for w in window],
                [ls.id for ls in leases])
        return result

    @pecan.expose(template='json')
    def get_one(self, lease_id):
        context = pecan.request.context
        return {'lease': views.lease(_lease_or_404(context, lease_id))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:leases:create')
        values = body.validate(body.load(pecan.request), schemas.create)
        lease_id = pecan.request.manager.create_lease(context, values)
        pecan.response.status = 201
        return {'lease': views.lease(db_api.lease_get(context, lease_id))}

    @pecan.expose(template='json')
    def put(self, lease_id=None):
        if lease_id is None:
            _collection_405()
        context = pecan.request.context
        _lease_or_404(context, lease_id, 'promise:leases:update')
        values = body.validate(body.load(pecan.request), schemas.update)
        pecan.request.manager.update_lease(context, lease_id, values)
        return {'lease': views.lease(db_api.lease_get(context, lease_id))}

    @pecan.expose(template='json')
    def delete(self, lease_id=None):
        if lease_id is None:
            _collection_405()
        context = pecan.request.context
        _lease_or_404(context, lease_id, 'promise:leases:delete')
        pecan.request.manager.delete_lease(context, lease_id)
        pecan.response.status = 204
