"""The API reference's samples are true: every request sample, sent to the
real application, is accepted, and every response sample has the shape
(keys and JSON types) of the live answer; ids and dates may differ.

``python -m promise.tests.functional.api.test_api_ref_samples`` writes the
samples afresh from the live answers.
"""
import json
import os
import sys
import time

import testtools

from promise.tests.functional.api import fixtures as api_fixtures
from promise.tests.functional.api import live

SAMPLES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                       'api-ref', 'source', 'samples')

LEASE = {'name': 'vnf-a', 'start_date': '2031-01-05 08:00',
         'end_date': '2031-01-06 08:00',
         'reservations': [{'resource_type': 'physical:host', 'min': 1,
                           'max': 1,
                           # Only server-a has it (host-update-req): the
                           # samples then name the same host every run.
                           'resource_properties':
                               '["=", "$room", "east-1"]'}]}

# (name, method, path, status, request sample, response sample, keep):
# "keep" names values of the answer later paths use, by JSON path.
EXCHANGES = [
    ('versions', 'GET', '/', 300, None, 'versions/versions-list-resp', {}),
    ('version', 'GET', '/v1/', 200, None, 'versions/version-show-resp', {}),
    ('hosts', 'GET', '/v1/os-hosts', 200, None, 'hosts/hosts-list-resp',
     {'host_id': 'hosts.0.id', 'host_c': 'hosts.2.id'}),
    ('host', 'GET', '/v1/os-hosts/{host_id}', 200, None,
     'hosts/host-show-resp', {}),
    ('host-update', 'PUT', '/v1/os-hosts/{host_id}', 200,
     'hosts/host-update-req', 'hosts/host-update-resp', {}),
    ('host-delete', 'DELETE', '/v1/os-hosts/{host_c}', 204, None, None, {}),
    ('host-create', 'POST', '/v1/os-hosts', 201, 'hosts/host-create-req',
     'hosts/host-create-resp', {}),
    ('properties', 'GET', '/v1/os-hosts/properties?detail=true', 200, None,
     'hosts/host-properties-list-resp', {}),
    ('pool-create', 'POST', '/v1/pools', 201, 'pools/pool-create-req',
     'pools/pool-create-resp', {'pool_id': 'pool.id'}),
    ('pools', 'GET', '/v1/pools?kind=custom', 200, None,
     'pools/pools-list-resp', {}),
    ('pool', 'GET', '/v1/pools/{pool_id}', 200, None,
     'pools/pool-show-resp', {}),
    ('pool-update', 'PUT', '/v1/pools/{pool_id}', 200,
     'pools/pool-update-req', 'pools/pool-update-resp', {}),
    ('lease-create', 'POST', '/v1/leases', 201, 'leases/lease-create-req',
     'leases/lease-create-resp', {'lease_id': 'lease.id'}),
    ('lease-conflict', 'POST', '/v1/leases', 409,
     'leases/lease-create-conflict-req', 'leases/lease-create-conflict-resp',
     {}),
    ('leases', 'GET', '/v1/leases?start_date=2031-01-01T00:00&'
     'end_date=2031-02-01T00:00&utilization=true', 200, None,
     'leases/leases-list-resp', {}),
    ('lease', 'GET', '/v1/leases/{lease_id}', 200, None,
     'leases/lease-show-resp', {}),
    ('lease-update', 'PUT', '/v1/leases/{lease_id}', 200,
     'leases/lease-update-req', 'leases/lease-update-resp', {}),
    ('allocations', 'GET', '/v1/os-hosts/allocations', 200, None,
     'hosts/allocations-list-resp', {}),
    ('allocation', 'GET', '/v1/os-hosts/{host_id}/allocation', 200, None,
     'hosts/allocation-show-resp', {}),
    ('capacity', 'GET', '/v1/capacity?start_date=2031-01-05T00:00&'
     'end_date=2031-01-07T00:00&resource_class=VCPU,MEMORY_MB&timeline=true',
     200, None, 'capacity/capacity-show-resp', {}),
    ('availability', 'POST', '/v1/availability', 200,
     'availability/availability-search-req',
     'availability/availability-search-resp', {}),
    ('adjustment-create', 'POST', '/v1/capacity/adjustments', 201,
     'capacity/adjustment-create-req', 'capacity/adjustment-create-resp',
     {'adjustment_id': 'adjustment.id'}),
    ('adjustments', 'GET', '/v1/capacity/adjustments', 200, None,
     'capacity/adjustments-list-resp', {}),
    ('adjustment', 'GET', '/v1/capacity/adjustments/{adjustment_id}', 200,
     None, 'capacity/adjustment-show-resp', {}),
    ('calendar', 'GET', '/v1/calendar', 200, None,
     'calendar/calendar-show-resp', {}),
    ('subscription-create', 'POST', '/v1/subscriptions', 201,
     'subscriptions/subscription-create-req',
     'subscriptions/subscription-create-resp',
     {'subscription_id': 'subscription.id'}),
    ('subscriptions', 'GET', '/v1/subscriptions', 200, None,
     'subscriptions/subscriptions-list-resp', {}),
    ('subscription', 'GET', '/v1/subscriptions/{subscription_id}', 200,
     None, 'subscriptions/subscription-show-resp', {}),
    ('deliveries', 'GET', '/v1/subscriptions/{subscription_id}/deliveries',
     200, None, 'subscriptions/deliveries-list-resp', {}),
]

# Where the provider sample's topology is; the test sends the second
# region of its fixtures instead.
REGION_TWO = '/etc/promise/topology/region-two.yaml'
OTHER_DC = os.path.join(os.path.dirname(__file__), 'other-dc.yaml')


def _delete_large3(api):
    """The draft's event: a large.3 leaves server-a, which then violates
    the energy policy."""
    driver = api.service.manager.driver
    doomed = next(s.id for s in driver.list_servers()
                  if s.name == 'large.3.A')
    driver.delete_server(doomed)
    deadline = time.monotonic() + 60
    while any(s.id == doomed for s in driver.list_servers()):
        if time.monotonic() > deadline:
            raise RuntimeError('large.3.A was not deleted')
        time.sleep(0.05)


# Exchanges on the draft's placement example (PlacementExampleFixture); a
# callable is a step taken on the service between two exchanges.
PLACEMENT_EXCHANGES = [
    ('policy-create', 'POST', '/v1/policies', 201,
     'policies/policy-create-req', 'policies/policy-create-resp',
     {'policy_id': 'policy.id'}),
    ('policies', 'GET', '/v1/policies', 200, None,
     'policies/policies-list-resp', {}),
    ('policy', 'GET', '/v1/policies/{policy_id}', 200, None,
     'policies/policy-show-resp', {}),
    ('rule-create', 'POST', '/v1/policies/{policy_id}/rules', 201,
     'policies/rule-create-req', 'policies/rule-create-resp',
     {'rule_id': 'rule.id'}),
    ('rules', 'GET', '/v1/policies/{policy_id}/rules', 200, None,
     'policies/rules-list-resp', {}),
    ('rule', 'GET', '/v1/policies/{policy_id}/rules/{rule_id}', 200, None,
     'policies/rule-show-resp', {}),
    ('rule-delete', 'DELETE', '/v1/policies/{policy_id}/rules/{rule_id}',
     204, None, None, {}),
    ('tables', 'GET', '/v1/policy-tables', 200, None,
     'policies/policy-tables-list-resp', {}),
    ('table', 'GET', '/v1/policy-tables/server_utilization', 200, None,
     'policies/policy-table-show-resp', {}),
    ('simulate', 'POST', '/v1/policies/simulate', 200,
     'policies/policy-simulate-req', 'policies/policy-simulate-resp', {}),
    _delete_large3,
    ('violations', 'GET', '/v1/violations', 200, None,
     'policies/violations-list-resp', {}),
    ('policy-violations', 'GET', '/v1/policies/{policy_id}/violations', 200,
     None, 'policies/policy-violations-list-resp', {}),
    ('audit', 'POST', '/v1/audits', 201, 'action-plans/audit-create-req',
     'action-plans/audit-create-resp', {'plan_id': 'audit.action_plan.id'}),
    ('plan-cancel', 'POST', '/v1/action-plans/{plan_id}/cancel', 200, None,
     'action-plans/action-plan-cancel-resp', {}),
    ('audit-again', 'POST', '/v1/audits', 201,
     'action-plans/audit-create-req', None,
     {'plan_id': 'audit.action_plan.id'}),
    ('plan-approve', 'POST', '/v1/action-plans/{plan_id}/approve', 200,
     None, 'action-plans/action-plan-approve-resp', {}),
    ('plan-execute', 'POST', '/v1/action-plans/{plan_id}/execute', 202,
     None, 'action-plans/action-plan-execute-resp', {}),
    ('plans', 'GET', '/v1/action-plans?state=CANCELLED', 200, None,
     'action-plans/action-plans-list-resp', {}),
    ('plan', 'GET', '/v1/action-plans/{plan_id}', 200, None,
     'action-plans/action-plan-show-resp', {}),
    ('policy-delete', 'DELETE', '/v1/policies/{policy_id}', 204, None, None,
     {}),
    ('ha-policy-create', 'POST', '/v1/policies', 201,
     'policies/policy-ha-create-req', None, {'ha_policy_id': 'policy.id'}),
    ('check', 'POST', '/v1/policies/check', 200, 'policies/policy-check-req',
     'policies/policy-check-resp', {}),
    ('ha-policy-delete', 'DELETE', '/v1/policies/{ha_policy_id}', 204, None,
     None, {}),
    ('instance-create', 'POST', '/v1/instances', 202,
     'instances/instance-create-req', 'instances/instance-create-resp',
     {'instance_id': 'instance.id'}),
    ('instances', 'GET', '/v1/instances', 200, None,
     'instances/instances-list-resp', {}),
    ('instance', 'GET', '/v1/instances/{instance_id}', 200, None,
     'instances/instance-show-resp', {}),
    ('instance-delete', 'DELETE', '/v1/instances/{instance_id}', 202, None,
     'instances/instance-delete-resp', {}),
    ('provider-create', 'POST', '/v1/providers', 201,
     'providers/provider-create-req', 'providers/provider-create-resp',
     {'provider_id': 'provider.id'}),
    ('providers', 'GET', '/v1/providers', 200, None,
     'providers/providers-list-resp', {}),
    ('provider', 'GET', '/v1/providers/{provider_id}', 200, None,
     'providers/provider-show-resp', {}),
]

ENERGY = [
    'underused(server) :- nova:node(server, "type1"), '
    'server_utilization(server, util), gt(util, 0), lt(util, 50)',
    'error(server) :- underused(server), underused(other), '
    'neq(server, other)',
]

# Request samples written by hand (the others' answers are recorded).
REQUESTS = {
    'hosts/host-update-req': {'room': 'east-1', 'gpu': False},
    'hosts/host-create-req': {'name': 'server-c', 'rack': 'r2'},
    'pools/pool-create-req': {'name': 'east', 'kind': 'custom',
                              'description': 'East side hosts',
                              'hosts': ['server-a', 'server-b']},
    'pools/pool-update-req': {'description': 'East side, rack r1',
                              'hosts': ['server-a']},
    'leases/lease-create-req': LEASE,
    'leases/lease-create-conflict-req': dict(
        LEASE, name='too-big',
        reservations=[{'resource_type': 'physical:host', 'min': 3,
                       'max': 3}]),
    'leases/lease-update-req': {'name': 'vnf-a-2', 'prolong_for': '12h'},
    'availability/availability-search-req': {
        'duration': '1d', 'limit': 2, 'start_date': '2031-01-05 00:00',
        'reservations': [{'resource_type': 'virtual:instance',
                          'amount': 2, 'vcpus': 2, 'memory_mb': 4096,
                          'disk_gb': 20, 'affinity': False}]},
    'capacity/adjustment-create-req': {
        'host': 'server-b', 'downtime': True,
        'start_date': '2031-03-01 00:00', 'end_date': '2031-03-02 00:00',
        'reason': 'firmware upgrade'},
    'subscriptions/subscription-create-req': {
        'url': 'http://127.0.0.1:9/hook', 'secret': 'a-secret-of-16-chars',
        'filter': {'event_types': ['lease.*']}},
    'policies/policy-create-req': {
        'name': 'energy',
        'description': 'At most one active type-1 server under 50 %',
        'hard': False, 'proactive': False,
        'rules': [{'name': 'underused', 'rule': ENERGY[0]},
                  {'rule': ENERGY[1]}]},
    'policies/rule-create-req': {
        'name': 'busy', 'comment': 'Servers that are not underused',
        'rule': 'busy(x) :- nova:node(x, t), not underused(x)'},
    # What if large.3.A left server-a for the type-2 server?
    'policies/policy-simulate-req': {
        'moves': [{'vm': 'large.3.A', 'to': 'other-1'}]},
    # Policy 2 of the draft, enforced when VMs are placed.
    'policies/policy-ha-create-req': {
        'name': 'ha', 'description': 'The VMs of an HA group on distinct '
                                     'servers',
        'hard': True, 'proactive': True,
        'rules': [{'rule': 'error(vm) :- anti_affinity_group(vm, g), '
                           'anti_affinity_group(other, g), neq(vm, other), '
                           'vm_host_mapping(vm, s), '
                           'vm_host_mapping(other, s)'}]},
    # Where may a third VM of X1 and X2's group go?
    'policies/policy-check-req': {
        'vcpus': 4, 'memory_mb': 16384, 'disk_gb': 40,
        'ha_groups': ['ha-1']},
    'action-plans/audit-create-req': {
        'policies': ['energy'], 'scope': {'mode': 'violating'},
        'tie_break': 'pack', 'time_limit': 10},
    'instances/instance-create-req': {
        'name': 'vnf-a-1', 'flavor': 'large.2', 'image': 'cirros',
        'networks': ['net-1'], 'metadata': {'ha_group': 'vnf-a'}},
    'providers/provider-create-req': {
        'name': 'region-two', 'driver': 'simulated',
        'config': {'topology_file': REGION_TWO,
                   'auth_url': 'http://keystone.example/v3',
                   'username': 'promise', 'password': 's3cret'}},
}


def _sent(body, swap=(REGION_TWO, OTHER_DC)):
    """The request as sent: the sample's topology is the fixtures'."""
    if isinstance(body, dict):
        return {k: _sent(v, swap) for k, v in body.items()}
    if isinstance(body, list):
        return [_sent(v, swap) for v in body]
    return swap[1] if body == swap[0] else body


def _shown(body):
    """The answer as the samples show it (the sample's topology)."""
    return _sent(body, (OTHER_DC, REGION_TWO))


def _path(name):
    return os.path.join(SAMPLES, name + '.json')


def _load(name):
    with open(_path(name)) as f:
        return json.load(f)


def _pick(body, where):
    for part in where.split('.'):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def run(api, request_of, exchanges=EXCHANGES):
    """Yield (exchange, status, body) for every exchange in order."""
    values = {}
    for exchange in exchanges:
        if callable(exchange):
            exchange(api)
            continue
        name, method, path, status, req, resp, keep = exchange
        _, response = api.call(method, path.format(**values),
                               _sent(request_of(req)) if req else None)
        body = live.json_of(response)
        for key, where in keep.items():
            values[key] = _pick(body, where)
        yield exchange, response.status_code, body


def shape(value):
    """Keys and JSON types, recursively; lists by their first item."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if value is None:
        return None
    return type(value).__name__


def differences(sample, live_value, where='$'):
    """Where the sample's shape differs from the live answer's; a null on
    either side, or an empty list, matches anything."""
    a, b = shape(sample), shape(live_value)
    out = []
    _diff(a, b, where, out)
    return out


def _diff(a, b, where, out):
    if a is None or b is None or a == [] or b == []:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) ^ set(b)):
            out.append('%s.%s only in the %s' % (
                where, key, 'sample' if key in a else 'live answer'))
        for key in sorted(set(a) & set(b)):
            _diff(a[key], b[key], '%s.%s' % (where, key), out)
    elif isinstance(a, list) and isinstance(b, list):
        _diff(a[0], b[0], where + '[0]', out)
    elif a != b:
        out.append('%s: %s in the sample, %s live' % (where, a, b))


# (fixture, exchanges) of every run of the samples.
RUNS = [(api_fixtures.SubscriptionsFixture, EXCHANGES),
        (api_fixtures.PlacementExampleFixture, PLACEMENT_EXCHANGES)]


def _exchanges():
    return [e for _, exchanges in RUNS for e in exchanges
            if not callable(e)]


class TestSamples(testtools.TestCase):
    def _check(self, fixture_cls, exchanges):
        api = self.useFixture(live.LiveAPI(fixture_cls))
        checked = 0
        for exchange, status, body in run(api, _load, exchanges):
            name, _, _, wanted, _, resp, _ = exchange
            self.assertEqual(wanted, status, '%s: %s' % (name, body))
            if resp:
                self.assertEqual([], differences(_load(resp), body),
                                 '%s (%s.json)' % (name, resp))
                checked += 1
        self.assertEqual(sum(1 for e in exchanges
                             if not callable(e) and e[5]), checked)

    def test_samples_have_the_shape_of_live_answers(self):
        self._check(*RUNS[0])

    def test_placement_samples_have_the_shape_of_live_answers(self):
        self._check(*RUNS[1])

    def test_every_sample_file_is_used(self):
        used = {e[4] for e in _exchanges()} | {e[5] for e in _exchanges()}
        on_disk = set()
        for folder, _, files in os.walk(SAMPLES):
            for f in files:
                on_disk.add(os.path.relpath(os.path.join(folder, f),
                                            SAMPLES)[:-len('.json')])
        self.assertEqual(set(), on_disk - used)
        self.assertEqual(set(), used - {None} - on_disk)

    def test_shape_comparison_sees_a_missing_key_and_a_wrong_type(self):
        self.assertEqual(['$.b only in the live answer'],
                         differences({'a': 1}, {'a': 2, 'b': 'x'}))
        self.assertEqual(['$.a[0].c: str in the sample, number live'],
                         differences({'a': [{'c': 'x'}]},
                                     {'a': [{'c': 3}, {'c': 4}]}))


def _trim(body):
    """Long lists cut to two items, so that samples stay readable."""
    if isinstance(body, dict):
        return {k: _trim(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_trim(v) for v in body[:2]]
    return body


def main():
    """Write the samples from the live answers."""
    for fixture_cls, exchanges in RUNS:
        fixture = live.LiveAPI(fixture_cls)
        fixture.setUp()
        try:
            _write(fixture, exchanges)
        finally:
            fixture.cleanUp()


def _write(fixture, exchanges):
    for (name, _, _, _, req, resp, _), status, body in run(
            fixture, REQUESTS.get, exchanges):
        for sample, value in ((req, REQUESTS.get(req)), (resp, body)):
            if not sample:
                continue
            os.makedirs(os.path.dirname(_path(sample)), exist_ok=True)
            with open(_path(sample), 'w') as f:
                json.dump(_trim(_shown(value)), f, indent=4)
                f.write('\n')


if __name__ == '__main__':
    sys.exit(main())
