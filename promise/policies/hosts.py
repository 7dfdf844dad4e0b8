from oslo_policy import policy

from promise.policies import base

PREFIX = 'promise:os-hosts:%s'

# Hosts are the operator's: Blazar keeps even reading them to
# administrators.
rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'get_all', base.ADMIN, 'List hosts.',
        [{'path': '/v1/os-hosts', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get', base.ADMIN, 'Show a host.',
        [{'path': '/v1/os-hosts/{host_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.ADMIN,
        'Register a hypervisor the VIM reports as a host.',
        [{'path': '/v1/os-hosts', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'update', base.ADMIN,
        'Change the extra capabilities of a host or whether it is '
        'reservable.',
        [{'path': '/v1/os-hosts/{host_id}', 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.ADMIN, 'Delete a host.',
        [{'path': '/v1/os-hosts/{host_id}', 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get_allocations', base.ADMIN,
        'List the reservations holding hosts.',
        [{'path': '/v1/os-hosts/allocations', 'method': 'GET'},
         {'path': '/v1/os-hosts/{host_id}/allocation', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'get_resource_properties', base.ADMIN,
        'List the extra capabilities of hosts, and their values.',
        [{'path': '/v1/os-hosts/properties', 'method': 'GET'}]),
]


def list_rules():
    return rules
