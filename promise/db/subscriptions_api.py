"""Reads of subscriptions and their delivery log, for the API."""
from oslo_db.sqlalchemy import utils as db_utils

from promise import exceptions
from promise.db import api as db_api
from promise.db import models


def _page(session, query, model, marker, what, limit, sort_key, sort_dir):
    marker_row = None
    if marker:
        marker_row = session.get(model, marker)
        if marker_row is None:
            raise exceptions.BadRequest(
                reason='marker %s is not a known %s' % (marker, what))
    keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
    return db_utils.paginate_query(query, model, limit, keys,
                                   marker=marker_row, sort_dir=sort_dir)


def subscription_get(context, subscription_id):
    with db_api.reader(context) as session:
        return session.get(models.Subscription, subscription_id)


def subscription_list(context, project_id=None, limit=None, marker=None,
                      sort_key='created_at', sort_dir='asc'):
    with db_api.reader(context) as session:
        query = session.query(models.Subscription)
        if project_id is not None:
            query = query.filter(models.Subscription.project_id ==
                                 project_id)
        return _page(session, query, models.Subscription, marker,
                     'subscription', limit, sort_key, sort_dir).all()


def delivery_list(context, subscription_id, status=None, limit=None,
                  marker=None, sort_dir='asc'):
    """[(delivery, event uuid, event type)] of a subscription, in the
    order they were made (event order), paginated by delivery id."""
    with db_api.reader(context) as session:
        query = (session.query(models.Delivery, models.OutboxEvent.uuid,
                               models.OutboxEvent.event_type)
                 .join(models.OutboxEvent,
                       models.OutboxEvent.id == models.Delivery.event_id)
                 .filter(models.Delivery.subscription_id ==
                         subscription_id))
        if status:
            query = query.filter(models.Delivery.status == status)
        if marker is not None:
            try:
                marker = int(marker)
            except ValueError:
                raise exceptions.BadRequest(
                    reason='marker must be a delivery id')
        if marker is not None:
            query = query.filter(models.Delivery.id > marker
                                 if sort_dir == 'asc'
                                 else models.Delivery.id < marker)
        order = models.Delivery.id.asc() if sort_dir == 'asc' else \
            models.Delivery.id.desc()
        return query.order_by(order).limit(limit).all()
