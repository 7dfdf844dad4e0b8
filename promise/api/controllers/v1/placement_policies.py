"""/v1/policies: placement policies in Congress's Datalog, their rules
and violations (the rows of their ``error`` table), and simulation of
proposed moves; /v1/violations and /v1/policy-tables."""
import pecan
from pecan import rest

from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import views
from promise.api.schemas import placement as schemas
from promise.db import placement_api as db

GET = 'promise:placement_policies:get'
# POST /v1/policies/<action>: questions asked of every policy at once.
ACTIONS = ('simulate', 'check')
WRITE = 'promise:placement_policies:write'


def _client():
    return pecan.request.placement


def _policy_or_404(context, policy_ref):
    row = db.policy_get(context, policy_ref) if policy_ref else None
    if row is None:
        raise exceptions.NotFound(object='Policy', id=policy_ref)
    return row


def _rule_view(rule):
    return {'id': rule.id, 'name': rule.name, 'comment': rule.comment,
            'rule': rule.rule, 'policy_id': rule.policy_id,
            'created_at': views.stamp(rule.created_at)}


def _policy_view(row):
    return {'id': row.id, 'name': row.name,
            'description': row.description, 'hard': row.hard,
            'proactive': row.proactive,
            'rules': [_rule_view(r) for r in row.rules],
            'created_at': views.stamp(row.created_at),
            'updated_at': views.stamp(row.updated_at)}


def _violations_view(found):
    return [{'policy': name, 'row': row}
            for name, rows in sorted(found.items()) for row in rows]


class RulesController(rest.RestController):
    """/v1/policies/{policy_id}/rules."""

    @pecan.expose(template='json')
    def get_all(self, policy_id=None):
        context = pecan.request.context
        policy.authorize(context, GET)
        row = _policy_or_404(context, policy_id)
        return {'rules': [_rule_view(r) for r in row.rules]}

    @pecan.expose(template='json')
    def get_one(self, policy_id, rule_id):
        context = pecan.request.context
        policy.authorize(context, GET)
        row = _policy_or_404(context, policy_id)
        for rule in row.rules:
            if rule.id == rule_id:
                return {'rule': _rule_view(rule)}
        raise exceptions.NotFound(object='Rule', id=rule_id)

    @pecan.expose(template='json')
    def post(self, policy_id):
        context = pecan.request.context
        policy.authorize(context, WRITE)
        row = _policy_or_404(context, policy_id)
        values = body.validate(body.load(pecan.request), schemas.rule)
        rule_id = _client().add_rule(context, row.id, values)
        pecan.response.status = 201
        for rule in _policy_or_404(context, row.id).rules:
            if rule.id == rule_id:
                return {'rule': _rule_view(rule)}
        raise exceptions.NotFound(object='Rule', id=rule_id)

    @pecan.expose(template='json')
    def delete(self, policy_id, rule_id=None):
        context = pecan.request.context
        policy.authorize(context, WRITE)
        if rule_id is None:
            pecan.abort(405, headers={'Allow': 'GET, POST'})
        row = _policy_or_404(context, policy_id)
        _client().delete_rule(context, row.id, rule_id)
        pecan.response.status = 204


class PolicyViolationsController(rest.RestController):
    """/v1/policies/{policy_id}/violations."""

    @pecan.expose(template='json')
    def get_all(self, policy_id=None):
        context = pecan.request.context
        policy.authorize(context, GET)
        row = _policy_or_404(context, policy_id)
        found = _client().violations(context, [row.name])
        return {'violations': _violations_view(found)}


class PoliciesController(rest.RestController):
    rules = RulesController()
    violations = PolicyViolationsController()

    @pecan.expose(template='json')
    def get_all(self):
        context = pecan.request.context
        policy.authorize(context, GET)
        return {'policies': [_policy_view(r)
                             for r in db.policy_list(context)]}

    @pecan.expose(template='json')
    def get_one(self, policy_id):
        context = pecan.request.context
        policy.authorize(context, GET)
        return {'policy': _policy_view(_policy_or_404(context, policy_id))}

    @pecan.expose(template='json')
    def post(self, action=None):
        context = pecan.request.context
        if action == 'simulate':
            return self._simulate(context)
        if action == 'check':
            return self._check(context)
        if action is not None and action not in ACTIONS:
            raise exceptions.NotFound(object='Resource',
                                      id='/v1/policies/%s' % action)
        policy.authorize(context, WRITE)
        values = body.validate(body.load(pecan.request), schemas.policy)
        policy_id = _client().create_policy(context, values)
        pecan.response.status = 201
        return {'policy': _policy_view(_policy_or_404(context, policy_id))}

    def _simulate(self, context):
        policy.authorize(context, 'promise:placement_policies:simulate')
        values = body.validate(body.load(pecan.request), schemas.simulate)
        policies = pecan.request.params.getall('policy') or None
        return {'simulation': _client().simulate(
            context, policies, values.get('moves') or [],
            values.get('changes') or [])}

    def _check(self, context):
        policy.authorize(context, 'promise:placement_policies:check')
        values = body.validate(body.load(pecan.request), schemas.check)
        return {'check': {'forbidden_hosts': _client().check_placement(
            context, values)}}

    @pecan.expose(template='json')
    def delete(self, policy_id=None):
        context = pecan.request.context
        policy.authorize(context, WRITE)
        if policy_id is None:
            pecan.abort(405, headers={'Allow': 'GET, POST'})
        row = _policy_or_404(context, policy_id)
        _client().delete_policy(context, row.id)
        pecan.response.status = 204


class ViolationsController(rest.RestController):
    """/v1/violations: the violations of every policy."""

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, GET)
        return {'violations': _violations_view(_client().violations(
            context))}


class PolicyTablesController(rest.RestController):
    """/v1/policy-tables: the tables policies read, with their rows."""

    @pecan.expose(template='json')
    def get_all(self):
        context = pecan.request.context
        policy.authorize(context, GET)
        return {'tables': _client().tables(context)}

    @pecan.expose(template='json')
    def get_one(self, name):
        context = pecan.request.context
        policy.authorize(context, GET)
        rows = _client().table_rows(context, name)
        return {'table': {'name': name, 'rows': rows}}
