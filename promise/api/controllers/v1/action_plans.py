"""/v1/audits and /v1/action-plans: re-placement plans that repair the
violations of placement policies, approved then executed through the
VIM (live migrations)."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import views
from promise.api.schemas import placement as schemas
from promise.db import placement_api as db

_ACTIONS = ('approve', 'execute', 'cancel')
STATES = ('RECOMMENDED', 'APPROVED', 'ONGOING', 'SUCCEEDED', 'FAILED',
          'CANCELLED')


def _plan_view(row):
    return {'id': row.id, 'state': row.state,
            'state_reason': row.state_reason, 'audit': row.audit,
            'violations': row.violations, 'efficacy': row.efficacy,
            'moves': row.moves, 'created_at': views.stamp(row.created_at),
            'updated_at': views.stamp(row.updated_at)}


def _plan_or_404(context, plan_id):
    row = db.plan_get(context, plan_id) if plan_id else None
    if row is None:
        raise exceptions.NotFound(object='Action plan', id=plan_id)
    return row


class AuditsController(rest.RestController):
    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:action_plans:audit')
        values = body.validate(body.load(pecan.request), schemas.audit)
        result = pecan.request.placement.audit(context, values)
        plan = None
        if result.get('action_plan_id'):
            plan = _plan_view(_plan_or_404(context,
                                           result['action_plan_id']))
        pecan.response.status = 201
        return {'audit': {'violations': result['violations'],
                          'action_plan': plan}}


class ActionPlansController(rest.RestController):
    # The filter is a keyword: pecan answers 404 to a collection GET whose
    # handler takes a positional argument.
    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        state = params.get('state')
        policy.authorize(context, 'promise:action_plans:get')
        if state is not None and state not in STATES:
            raise exceptions.BadRequest(
                reason='state must be one of %s' % ', '.join(STATES))
        return {'action_plans': [_plan_view(r)
                                 for r in db.plan_list(context, state)]}

    @pecan.expose(template='json')
    def get_one(self, plan_id):
        context = pecan.request.context
        policy.authorize(context, 'promise:action_plans:get')
        return {'action_plan': _plan_view(_plan_or_404(context, plan_id))}

    @pecan.expose(template='json')
    def post(self, plan_id=None, action=None):
        context = pecan.request.context
        policy.authorize(context, 'promise:action_plans:update')
        if plan_id is None or action not in _ACTIONS:
            raise exceptions.NotFound(
                object='Resource', id='/v1/action-plans/%s/%s' % (
                    plan_id, action))
        _plan_or_404(context, plan_id)
        pecan.request.placement.plan_action(context, plan_id, action)
        pecan.response.status = 202 if action == 'execute' else 200
        return {'action_plan': _plan_view(_plan_or_404(context, plan_id))}
