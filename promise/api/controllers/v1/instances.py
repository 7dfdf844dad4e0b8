"""/v1/instances (seed: create-instance, destroy-instance): servers booted
against a reservation or on unreserved capacity. Creation and deletion
answer 202 at once; the status follows the VIM's events."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import listing
from promise.api import views
from promise.api.schemas import instances as schemas
from promise.db import instances_api as db

SORT_KEYS = ('created_at', 'name', 'status', 'id')


def _collection_405():
    pecan.abort(405, headers={'Allow': 'GET, POST'})


def _instance_or_404(context, instance_id, action='promise:instances:get'):
    row = db.instance_get(context, instance_id)
    if row is None:
        raise exceptions.NotFound(object='Instance', id=instance_id)
    try:
        policy.authorize(context, action, {'project_id': row.project_id,
                                           'user_id': row.user_id})
    except exceptions.PolicyNotAuthorized:
        # Another project's instance is not acknowledged to exist.
        if not policy.check_is_admin(context) and \
                row.project_id != context.project_id:
            raise exceptions.NotFound(object='Instance', id=instance_id)
        raise
    return row


def _view(context, row):
    names = db.host_names(context, [row.host_id])
    return views.instance(row, names.get(row.host_id))


class InstancesController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:instances:get_all')
        query = listing.ListQuery(params, SORT_KEYS,
                                  extra=('all_projects', 'project_id',
                                         'status', 'reservation_id'))
        project = context.project_id
        if policy.check_is_admin(context):
            if params.get('project_id'):
                project = params['project_id']
            elif query.flag('all_projects'):
                project = None
        rows = db.instance_list(
            context, project_id=project, status=params.get('status'),
            reservation_id=params.get('reservation_id'), limit=query.limit,
            marker=query.marker, sort_key=query.sort_key,
            sort_dir=query.sort_dir)
        names = db.host_names(context, [r.host_id for r in rows])
        return {'instances': [views.instance(r, names.get(r.host_id))
                              for r in rows]}

    @pecan.expose(template='json')
    def get_one(self, instance_id):
        context = pecan.request.context
        return {'instance': _view(context,
                                  _instance_or_404(context, instance_id))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:instances:create')
        values = body.validate(body.load(pecan.request), schemas.create)
        instance_id = pecan.request.instances.create_instance(context,
                                                              values)
        pecan.response.status = 202
        return {'instance': _view(context,
                                  db.instance_get(context, instance_id))}

    @pecan.expose(template='json')
    def put(self, instance_id=None):
        if instance_id is None:
            _collection_405()
        pecan.abort(405, headers={'Allow': 'GET, DELETE'})

    @pecan.expose(template='json')
    def delete(self, instance_id=None):
        if instance_id is None:
            _collection_405()
        context = pecan.request.context
        row = _instance_or_404(context, instance_id,
                               'promise:instances:delete')
        pecan.request.instances.delete_instance(context, row.id)
        pecan.response.status = 202
        return {'instance': _view(context,
                                  db.instance_get(context, row.id))}
