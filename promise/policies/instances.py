from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:instances:%s'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.PROJECT_READER_OR_ADMIN,
        'List instances. Administrators may list every project\'s '
        '(all_projects, project_id), others see their own project\'s.',
        [{'path': '/v1/instances', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.PROJECT_READER_OR_ADMIN,
        'Show an instance.',
        [{'path': '/v1/instances/{instance_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.PROJECT_MEMBER_OR_ADMIN,
        'Create an instance on a reservation of the project or on '
        'unreserved capacity.',
        [{'path': '/v1/instances', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
        'Delete an instance.',
        [{'path': '/v1/instances/{instance_id}', 'method': 'DELETE'}]),
]


def list_rules():
    return rules
