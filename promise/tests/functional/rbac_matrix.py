"""Who may call which route, with the status each caller gets.

One row per route and method: a new route is one more row. The personas
are Keystone users with the default roles: a reader and a member of the
project ``alpha`` that owns the resources, a reader and a member of another
project ``beta``, and an administrator.

Rules the rows encode (see doc/source/configuration/policy.rst):

* a resource of another project is not acknowledged to exist: 404, the
  same answer as for an id that exists nowhere;
* a caller of the owning project without the role an operation needs
  gets 403, and so does anyone on an administrator-only route, before the
  resource is even looked up;
* a caller who may do something gets what the body asks for: the write
  rows send bodies the API rejects (400) or ids that do not exist (404),
  so that running the matrix changes nothing.

Paths may name ``{lease}``, ``{subscription}``, ``{host}``, ``{pool}``,
``{adjustment}``, ``{instance}``, ``{provider}``, ``{policy}``,
``{table}`` (resources of ``alpha`` or the cloud's) and ``{missing}`` (an
id that names nothing).
"""
import collections

PERSONAS = ('alpha_reader', 'alpha_member', 'beta_reader', 'beta_member',
            'admin')

Row = collections.namedtuple('Row', 'method path body expected')


def _row(method, path, body=None, **expected):
    """``expected`` maps personas to statuses; ``default`` covers the
    others, and None means the persona is not tried (it would change the
    shared resources; dedicated tests cover it)."""
    default = expected.pop('default', None)
    return Row(method, path, body,
               {p: expected.get(p, default) for p in PERSONAS})


def admin_only(method, path, body=None, allowed=200):
    return _row(method, path, body, default=403, admin=allowed)


def owned(method, path, body=None, reader=200, member=200, admin=200):
    """A resource of project alpha."""
    return _row(method, path, body, alpha_reader=reader,
                alpha_member=member, beta_reader=404, beta_member=404,
                admin=admin)


def project_write(method, path, body, allowed=400):
    """Creating in one's own project: members yes, readers no."""
    return _row(method, path, body, alpha_reader=403, beta_reader=403,
                alpha_member=allowed, beta_member=allowed, admin=allowed)


ROUTES = {
    # Leases.
    'leases-list': _row('GET', '/v1/leases', default=200),
    'leases-create': project_write('POST', '/v1/leases', {}),
    'lease-show': owned('GET', '/v1/leases/{lease}'),
    'lease-update': owned('PUT', '/v1/leases/{lease}', {'bogus': 1},
                          reader=403, member=400, admin=400),
    'lease-delete': owned('DELETE', '/v1/leases/{lease}', reader=403,
                          member=None, admin=None),
    'lease-show-missing': _row('GET', '/v1/leases/{missing}', default=404),
    # Subscriptions.
    'subscriptions-list': _row('GET', '/v1/subscriptions', default=200),
    'subscriptions-create': project_write('POST', '/v1/subscriptions', {}),
    'subscription-show': owned('GET', '/v1/subscriptions/{subscription}'),
    'subscription-deliveries': owned(
        'GET', '/v1/subscriptions/{subscription}/deliveries'),
    'subscription-update': _row('PUT', '/v1/subscriptions/{subscription}',
                                {}, default=405),
    'subscription-delete': owned(
        'DELETE', '/v1/subscriptions/{subscription}', reader=403,
        member=None, admin=None),
    # Hosts: the operator's.
    'hosts-list': admin_only('GET', '/v1/os-hosts'),
    'hosts-create': admin_only('POST', '/v1/os-hosts', {}, allowed=400),
    'host-show': admin_only('GET', '/v1/os-hosts/{host}'),
    'host-update': admin_only('PUT', '/v1/os-hosts/{host}', {'id': 'x'},
                              allowed=400),
    'host-delete': admin_only('DELETE', '/v1/os-hosts/{missing}',
                              allowed=404),
    'hosts-allocations': admin_only('GET', '/v1/os-hosts/allocations'),
    'host-allocation': admin_only('GET', '/v1/os-hosts/{host}/allocation'),
    'hosts-properties': admin_only('GET', '/v1/os-hosts/properties'),
    # Pools: every reader sees them, only the operator shapes them.
    'pools-list': _row('GET', '/v1/pools', default=200),
    'pool-show': _row('GET', '/v1/pools/{pool}', default=200),
    'pools-create': admin_only('POST', '/v1/pools', {}, allowed=400),
    'pool-update': admin_only('PUT', '/v1/pools/{pool}', {'bogus': 1},
                              allowed=400),
    'pool-delete': admin_only('DELETE', '/v1/pools/{missing}',
                              allowed=404),
    # Capacity and its adjustments: the operator's.
    'capacity': admin_only('GET', '/v1/capacity'),
    'adjustments-list': admin_only('GET', '/v1/capacity/adjustments'),
    'adjustment-show': admin_only('GET',
                                  '/v1/capacity/adjustments/{adjustment}'),
    'adjustments-create': admin_only('POST', '/v1/capacity/adjustments',
                                     {}, allowed=400),
    'adjustment-delete': admin_only(
        'DELETE', '/v1/capacity/adjustments/{missing}', allowed=404),
    # Availability: those who may create leases may search.
    'availability': project_write('POST', '/v1/availability', {}),
    # The calendar Nova's scheduler filter reads.
    'calendar': admin_only('GET', '/v1/calendar'),
    # Instances: a project's own, like leases.
    'instances-list': _row('GET', '/v1/instances', default=200),
    'instances-create': project_write('POST', '/v1/instances', {}),
    'instance-show': owned('GET', '/v1/instances/{instance}'),
    'instance-delete': owned('DELETE', '/v1/instances/{instance}',
                             reader=403, member=None, admin=None),
    # Providers: VIM endpoints and their credentials, the operator's.
    'providers-list': admin_only('GET', '/v1/providers'),
    'providers-create': admin_only('POST', '/v1/providers', {},
                                   allowed=400),
    'provider-show': admin_only('GET', '/v1/providers/{provider}'),
    'provider-delete': admin_only('DELETE', '/v1/providers/{missing}',
                                  allowed=404),
    # Placement policies, audits and action plans: they read the VMs of
    # every project, so they are the operator's.
    'policies-list': admin_only('GET', '/v1/policies'),
    'policies-create': admin_only('POST', '/v1/policies', {},
                                  allowed=400),
    'policy-show': admin_only('GET', '/v1/policies/{policy}'),
    'policy-delete': admin_only('DELETE', '/v1/policies/{missing}',
                                allowed=404),
    'policy-rules': admin_only('GET', '/v1/policies/{policy}/rules'),
    'policy-rules-create': admin_only(
        'POST', '/v1/policies/{policy}/rules', {}, allowed=400),
    'policy-rule-delete': admin_only(
        'DELETE', '/v1/policies/{policy}/rules/{missing}', allowed=404),
    'policy-violations': admin_only('GET',
                                    '/v1/policies/{policy}/violations'),
    'violations': admin_only('GET', '/v1/violations'),
    'policy-tables': admin_only('GET', '/v1/policy-tables'),
    'policy-table': admin_only('GET', '/v1/policy-tables/{table}'),
    'policies-simulate': admin_only('POST', '/v1/policies/simulate',
                                    {'bogus': 1}, allowed=400),
    'policies-check': admin_only('POST', '/v1/policies/check',
                                 {'bogus': 1}, allowed=400),
    'audits-create': admin_only('POST', '/v1/audits', {'bogus': 1},
                                allowed=400),
    'action-plans-list': admin_only('GET', '/v1/action-plans'),
    'action-plan-show': admin_only('GET', '/v1/action-plans/{missing}',
                                   allowed=404),
    'action-plan-approve': admin_only(
        'POST', '/v1/action-plans/{missing}/approve', {}, allowed=404),
    'action-plan-execute': admin_only(
        'POST', '/v1/action-plans/{missing}/execute', {}, allowed=404),
    'action-plan-cancel': admin_only(
        'POST', '/v1/action-plans/{missing}/cancel', {}, allowed=404),
}
