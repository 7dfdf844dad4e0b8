from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:pools:%s'

# Projects reserve capacity in pools by name, so every reader may see them;
# only the operator shapes them.
rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.PROJECT_READER_OR_ADMIN, 'List pools.',
        [{'path': '/v1/pools', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.PROJECT_READER_OR_ADMIN, 'Show a pool.',
        [{'path': '/v1/pools/{pool_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.ADMIN, 'Create a pool.',
        [{'path': '/v1/pools', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'update', base.ADMIN,
        'Rename a pool, describe it or set its hosts.',
        [{'path': '/v1/pools/{pool_id}', 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.ADMIN, 'Delete a pool.',
        [{'path': '/v1/pools/{pool_id}', 'method': 'DELETE'}]),
]


def list_rules():
    return rules
