from oslo_policy import policy

from promise.policies import base

POLICY = 'promise:placement_policies:%s'
PLAN = 'promise:action_plans:%s'

# Policies read the hosts and the VMs of every project: administrators
# only by default.
rules = [
    policy.DocumentedRuleDefault(
        POLICY % 'get', base.ADMIN,
        'List and show placement policies, their rules, violations and '
        'the tables they read.',
        [{'path': '/v1/policies', 'method': 'GET'},
         {'path': '/v1/policies/{policy_id}', 'method': 'GET'},
         {'path': '/v1/policies/{policy_id}/rules', 'method': 'GET'},
         {'path': '/v1/policies/{policy_id}/violations', 'method': 'GET'},
         {'path': '/v1/violations', 'method': 'GET'},
         {'path': '/v1/policy-tables', 'method': 'GET'},
         {'path': '/v1/policy-tables/{table}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        POLICY % 'write', base.ADMIN,
        'Create and delete placement policies and their rules.',
        [{'path': '/v1/policies', 'method': 'POST'},
         {'path': '/v1/policies/{policy_id}', 'method': 'DELETE'},
         {'path': '/v1/policies/{policy_id}/rules', 'method': 'POST'},
         {'path': '/v1/policies/{policy_id}/rules/{rule_id}',
          'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        POLICY % 'simulate', base.ADMIN,
        'Tell which violations proposed moves or table changes would add '
        'or remove.',
        [{'path': '/v1/policies/simulate', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        POLICY % 'check', base.ADMIN,
        'Tell on which hosts a new VM of a size and HA groups would add a '
        'violation of a proactive policy (what Nova\'s scheduler filter '
        'asks).',
        [{'path': '/v1/policies/check', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PLAN % 'audit', base.ADMIN,
        'Run an audit: evaluate policies and plan a re-placement.',
        [{'path': '/v1/audits', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PLAN % 'get', base.ADMIN,
        'List and show action plans.',
        [{'path': '/v1/action-plans', 'method': 'GET'},
         {'path': '/v1/action-plans/{plan_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PLAN % 'update', base.ADMIN,
        'Approve, execute or cancel an action plan.',
        [{'path': '/v1/action-plans/{plan_id}/approve', 'method': 'POST'},
         {'path': '/v1/action-plans/{plan_id}/execute', 'method': 'POST'},
         {'path': '/v1/action-plans/{plan_id}/cancel', 'method': 'POST'}]),
]


def list_rules():
    return rules
