"""/v1/subscriptions: webhooks told of the events of a project (seed:
"subscribe with a filter, get a subscription_id"), and their delivery
log."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import listing
from promise.api import views
from promise.api.schemas import subscriptions as schemas
from promise.db import subscriptions_api as db

SORT_KEYS = ('created_at', 'id')
STATUSES = ('pending', 'delivered', 'dead')


def _collection_405():
    # pecan routes PUT and DELETE on the collection to the item methods.
    pecan.abort(405, headers={'Allow': 'GET, POST'})


def _subscription_or_404(context, subscription_id,
                         action='promise:subscriptions:get'):
    sub = db.subscription_get(context, subscription_id) \
        if subscription_id else None
    if sub is None:
        raise exceptions.NotFound(object='Subscription', id=subscription_id)
    try:
        policy.authorize(context, action, {'project_id': sub.project_id,
                                           'user_id': sub.user_id})
    except exceptions.PolicyNotAuthorized:
        # Another project's subscription is not acknowledged to exist.
        if not policy.check_is_admin(context) and \
                sub.project_id != context.project_id:
            raise exceptions.NotFound(object='Subscription',
                                      id=subscription_id)
        raise
    return sub


def _may(context, action):
    try:
        policy.authorize(context, action)
    except exceptions.PolicyNotAuthorized:
        return False
    return True


def _client():
    return pecan.request.subscriptions


class DeliveriesController(rest.RestController):
    """/v1/subscriptions/{subscription_id}/deliveries."""

    @pecan.expose(template='json')
    def get_all(self, subscription_id=None, **params):
        context = pecan.request.context
        _subscription_or_404(context, subscription_id,
                             'promise:subscriptions:get_deliveries')
        query = listing.ListQuery(params, ('id',), extra=('status',))
        status = params.get('status')
        if status and status not in STATUSES:
            raise exceptions.BadRequest(
                reason='status must be one of %s' % ', '.join(STATUSES))
        rows = db.delivery_list(context, subscription_id, status=status,
                                limit=query.limit, marker=query.marker,
                                sort_dir=query.sort_dir)
        return {'deliveries': [views.delivery(*row) for row in rows]}


class SubscriptionsController(rest.RestController):
    # An attribute wins over get_one in pecan's routing.
    deliveries = DeliveriesController()

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:subscriptions:get_all')
        query = listing.ListQuery(params, SORT_KEYS, extra=('project_id',))
        project = params.get('project_id') \
            if policy.check_is_admin(context) else context.project_id
        subs = db.subscription_list(
            context, project_id=project, limit=query.limit,
            marker=query.marker, sort_key=query.sort_key,
            sort_dir=query.sort_dir)
        return {'subscriptions': [views.subscription(s) for s in subs]}

    @pecan.expose(template='json')
    def get_one(self, subscription_id):
        context = pecan.request.context
        return {'subscription': views.subscription(
            _subscription_or_404(context, subscription_id))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:subscriptions:create')
        values = body.validate(body.load(pecan.request), schemas.create)
        cloud = _may(context, 'promise:subscriptions:cloud_events')
        subscription_id = _client().create_subscription(context, values,
                                                        cloud)
        pecan.response.status = 201
        return {'subscription': views.subscription(
            db.subscription_get(context, subscription_id))}

    @pecan.expose(template='json')
    def put(self, subscription_id=None):
        # A subscription does not change: delete it and make another.
        if subscription_id is None:
            _collection_405()
        pecan.abort(405, headers={'Allow': 'GET, DELETE'})

    @pecan.expose(template='json')
    def delete(self, subscription_id=None):
        if subscription_id is None:
            _collection_405()
        context = pecan.request.context
        _subscription_or_404(context, subscription_id,
                             'promise:subscriptions:delete')
        _client().delete_subscription(context, subscription_id)
        pecan.response.status = 204
