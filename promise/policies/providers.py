from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:providers:%s'

# Providers are the operator's VIM endpoints and hold credentials.
rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.ADMIN,
        'List providers (VIM endpoints); credentials are never shown.',
        [{'path': '/v1/providers', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.ADMIN,
        'Show a provider; credentials are never shown.',
        [{'path': '/v1/providers/{provider_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.ADMIN,
        'Register a provider: a VIM driver and its configuration.',
        [{'path': '/v1/providers', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.ADMIN,
        'Delete a provider that no host or instance uses.',
        [{'path': '/v1/providers/{provider_id}', 'method': 'DELETE'}]),
]


def list_rules():
    return rules
