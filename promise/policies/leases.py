from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:leases:%s'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.PROJECT_READER_OR_ADMIN,
        'List leases. Administrators see every project\'s leases, others '
        'their own project\'s.',
        [{'path': '/v1/leases', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.PROJECT_READER_OR_ADMIN,
        'Show a lease. Another project\'s lease answers 404 to all but '
        'administrators, as if it did not exist; so do its update and '
        'delete.',
        [{'path': '/v1/leases/{lease_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.PROJECT_MEMBER_OR_ADMIN,
        'Create a lease.',
        [{'path': '/v1/leases', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'update', base.PROJECT_MEMBER_OR_ADMIN,
        'Update a lease.',
        [{'path': '/v1/leases/{lease_id}', 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
        'Delete a lease.',
        [{'path': '/v1/leases/{lease_id}', 'method': 'DELETE'}]),
]


def list_rules():
    return rules
