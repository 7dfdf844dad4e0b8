"""Reads of providers and instances for the API."""
from oslo_db.sqlalchemy import utils as db_utils
import sqlalchemy as sa

from promise import exceptions
from promise.db import api as db_api
from promise.db import models


def provider_get(context, ref):
    with db_api.reader(context) as session:
        row = session.get(models.Provider, ref)
        if row is None:
            row = session.query(models.Provider).filter_by(name=ref).first()
        return row


def provider_list(context):
    with db_api.reader(context) as session:
        return session.query(models.Provider).order_by(
            models.Provider.created_at, models.Provider.name).all()


def provider_host_counts(context):
    with db_api.reader(context) as session:
        rows = session.query(models.Host.provider_id,
                             sa.func.count()).group_by(
            models.Host.provider_id)
        return dict(rows.all())


def instance_get(context, instance_id):
    with db_api.reader(context) as session:
        return session.get(models.Instance, instance_id)


def instance_list(context, project_id=None, status=None,
                  reservation_id=None, limit=None, marker=None,
                  sort_key='created_at', sort_dir='asc'):
    with db_api.reader(context) as session:
        query = session.query(models.Instance)
        if project_id is not None:
            query = query.filter(models.Instance.project_id == project_id)
        if status:
            query = query.filter(models.Instance.status == status.upper())
        if reservation_id:
            query = query.filter(
                models.Instance.reservation_id == reservation_id)
        marker_row = None
        if marker:
            marker_row = session.get(models.Instance, marker)
            if marker_row is None:
                raise exceptions.BadRequest(
                    reason='marker %s is not a known instance' % marker)
        keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
        query = db_utils.paginate_query(query, models.Instance, limit, keys,
                                        marker=marker_row, sort_dir=sort_dir)
        return query.all()


def host_names(context, host_ids):
    ids = sorted({h for h in host_ids if h})
    if not ids:
        return {}
    with db_api.reader(context) as session:
        return dict(session.query(models.Host.id,
                                  models.Host.hypervisor_hostname)
                    .filter(models.Host.id.in_(ids)).all())
