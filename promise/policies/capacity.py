from oslo_policy import policy

from promise.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'promise:capacity:get', base.ADMIN,
        'Query total, reserved, used and available capacity over a window, '
        'as a summary and as a timeline.',
        [{'path': '/v1/capacity', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'promise:availability:search', base.PROJECT_MEMBER_OR_ADMIN,
        'Find the earliest windows where reservations would fit, and the '
        'largest amounts that fit.',
        [{'path': '/v1/availability', 'method': 'POST'}]),
]


def list_rules():
    return rules
