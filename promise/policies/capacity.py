from oslo_policy import policy

from promise.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'promise:capacity:get', base.ADMIN,
        'Query total, reserved, used and available capacity over a window, '
        'as a summary and as a timeline.',
        [{'path': '/v1/capacity', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'promise:capacity:adjustment:get', base.ADMIN,
        'List and show capacity adjustments.',
        [{'path': '/v1/capacity/adjustments', 'method': 'GET'},
         {'path': '/v1/capacity/adjustments/{adjustment_id}',
          'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'promise:capacity:adjustment:create', base.ADMIN,
        'Add or take away capacity on a host or a pool for a window '
        '(planned upgrade, planned downtime).',
        [{'path': '/v1/capacity/adjustments', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'promise:capacity:adjustment:delete', base.ADMIN,
        'Cancel a capacity adjustment.',
        [{'path': '/v1/capacity/adjustments/{adjustment_id}',
          'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        'promise:availability:search', base.PROJECT_MEMBER_OR_ADMIN,
        'Find the earliest windows where reservations would fit, and the '
        'largest amounts that fit.',
        [{'path': '/v1/availability', 'method': 'POST'}]),
]


def list_rules():
    return rules
