from oslo_policy import policy

from promise.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'promise:calendar:get', base.ADMIN,
        'Read the reserved-capacity calendar of every reservable host (what '
        'Nova\'s scheduler filter checks boots against). The account '
        'nova-scheduler uses for Promise needs this.',
        [{'path': '/v1/calendar', 'method': 'GET'}]),
]


def list_rules():
    return rules
