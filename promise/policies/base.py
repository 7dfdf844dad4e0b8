"""The personas every rule is built from.

Keystone's default roles imply one another (admin > member > reader), so a
member token also satisfies ``role:reader``.
"""
from oslo_policy import policy

ADMIN = 'rule:admin_api'
PROJECT_READER = 'rule:project_reader'
PROJECT_MEMBER = 'rule:project_member'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'

rules = [
    policy.RuleDefault(
        'admin_api', 'role:admin',
        description='Cloud administrator: every operation on every project.'),
    policy.RuleDefault(
        'project_reader', 'role:reader and project_id:%(project_id)s',
        description='May read the resources of their own project.'),
    policy.RuleDefault(
        'project_member', 'role:member and project_id:%(project_id)s',
        description='May read and change the resources of their own '
                    'project.'),
    policy.RuleDefault(
        'project_reader_or_admin', 'rule:project_reader or rule:admin_api',
        description='A reader of the owning project, or an administrator.'),
    policy.RuleDefault(
        'project_member_or_admin', 'rule:project_member or rule:admin_api',
        description='A member of the owning project, or an administrator.'),
]


def list_rules():
    return rules
