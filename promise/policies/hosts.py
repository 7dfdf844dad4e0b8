from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:os-hosts:%s'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.ADMIN, 'List hosts.',
        [{'path': '/v1/os-hosts', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.ADMIN, 'Show a host.',
        [{'path': '/v1/os-hosts/{host_id}', 'method': 'GET'}]),
]


def list_rules():
    return rules
