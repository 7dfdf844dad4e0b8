"""Placement policies, their rules and action plans in the database."""
from promise.db import api as db_api
from promise.db import models


def policy_get(context, policy_ref):
    """A policy by id or by name, or None."""
    with db_api.reader(context) as session:
        row = session.get(models.PlacementPolicy, policy_ref)
        if row is None:
            row = (session.query(models.PlacementPolicy)
                   .filter_by(name=policy_ref).first())
        return row


def policy_list(context):
    with db_api.reader(context) as session:
        return (session.query(models.PlacementPolicy)
                .order_by(models.PlacementPolicy.created_at,
                          models.PlacementPolicy.id).all())


def plan_get(context, plan_id):
    with db_api.reader(context) as session:
        return session.get(models.ActionPlan, plan_id)


def plan_list(context, state=None):
    with db_api.reader(context) as session:
        query = session.query(models.ActionPlan)
        if state:
            query = query.filter(models.ActionPlan.state == state)
        return query.order_by(models.ActionPlan.created_at,
                              models.ActionPlan.id).all()
