"""Webhook subscriptions: made and deleted by the manager, which checks
the callback URL with the same rules as before each delivery."""
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from promise import exceptions
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.notifications import catalogue
from promise.notifications import url_safety

LOG = logging.getLogger(__name__)

SUBSCRIPTIONS = models.Subscription.__table__
DELIVERIES = models.Delivery.__table__


def _check_filter(flt):
    for pattern in flt.get('event_types') or ():
        if not catalogue.matching(pattern):
            raise exceptions.ValidationError(
                reason='event type %r matches no event type Promise sends '
                       '(e.g. lease.*, reservation.moved, capacity.*)' %
                       pattern)
    for rtype in flt.get('resource_types') or ():
        if rtype not in catalogue.RESOURCE_TYPES:
            raise exceptions.ValidationError(
                reason='resource type %r is none of %s' %
                (rtype, ', '.join(catalogue.RESOURCE_TYPES)))


def create(context, values, cloud_events=False):
    """Make a subscription from the validated API body; returns its id."""
    flt = values.get('filter') or {}
    _check_filter(flt)
    try:
        url_safety.check(values['url'],
                         CONF.notifications.callback_allow_list)
    except url_safety.UnsafeURL as exc:
        raise exceptions.ValidationError(reason=str(exc))
    subscription_id = uuidutils.generate_uuid()
    limit = CONF.notifications.max_subscriptions_per_project
    with db_api.writer() as session:
        if limit:
            held = session.execute(
                sa.select(sa.func.count()).select_from(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.c.project_id ==
                       context.project_id)).scalar()
            if held >= limit:
                raise exceptions.ProjectQuotaExceeded(
                    reason='project %s already has %d subscriptions, the '
                           'most allowed' % (context.project_id, held))
        session.execute(SUBSCRIPTIONS.insert().values(
            id=subscription_id, project_id=context.project_id,
            user_id=context.user_id,
            event_types=list(flt.get('event_types') or ['*']),
            resource_ids=list(flt.get('resource_ids') or []),
            resource_types=list(flt.get('resource_types') or []),
            url=values['url'], secret=values.get('secret') or None,
            cloud_events=bool(cloud_events),
            created_at=timeutils.utcnow().replace(tzinfo=None)))
    LOG.info('Subscription %s made for project %s', subscription_id,
             context.project_id)
    return subscription_id


def delete(context, subscription_id):
    """Delete a subscription with its delivery log; pending deliveries
    are dropped."""
    with db_api.writer() as session:
        session.execute(DELIVERIES.delete().where(
            DELIVERIES.c.subscription_id == subscription_id))
        gone = session.execute(SUBSCRIPTIONS.delete().where(
            SUBSCRIPTIONS.c.id == subscription_id)).rowcount
    if not gone:
        raise exceptions.NotFound(object='Subscription', id=subscription_id)
    return subscription_id
