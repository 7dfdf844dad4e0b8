from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:subscriptions:%s'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.PROJECT_READER_OR_ADMIN,
        'List webhook subscriptions. Administrators see every project\'s, '
        'others their own project\'s.',
        [{'path': '/v1/subscriptions', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.PROJECT_READER_OR_ADMIN,
        'Show a webhook subscription. Another project\'s subscription '
        'answers 404 to all but administrators, as if it did not exist; '
        'so do its deliveries and its delete.',
        [{'path': '/v1/subscriptions/{subscription_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.PROJECT_MEMBER_OR_ADMIN,
        'Subscribe a webhook to the events of the project.',
        [{'path': '/v1/subscriptions', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
        'Delete a webhook subscription and its delivery log.',
        [{'path': '/v1/subscriptions/{subscription_id}',
          'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get_deliveries', base.PROJECT_READER_OR_ADMIN,
        'List the deliveries of a subscription: pending, delivered and '
        'dead ones, with their attempts and last error.',
        [{'path': '/v1/subscriptions/{subscription_id}/deliveries',
          'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'cloud_events', base.ADMIN,
        'Subscriptions made by those who pass this rule also receive the '
        'capacity, host and pool events of every project (capacity.*, '
        'host.*, pool.*).',
        [{'path': '/v1/subscriptions', 'method': 'POST'}]),
]


def list_rules():
    return rules
