"""A stand-in for the Promise API at the client's HTTP boundary
(promise.dashboard.api.call): canned answers by method and path, and a
record of every request."""
from unittest import mock

from promise.dashboard import api


class FakeAPI:
    def __init__(self, test):
        self.answers = {}
        self.requests = []
        patcher = mock.patch.object(api, 'call', side_effect=self._call)
        patcher.start()
        test.addCleanup(patcher.stop)

    def on(self, method, path, answer):
        """``answer``: a JSON body, or an API error to raise."""
        self.answers[(method, path)] = answer

    def _call(self, request, method, path, body=None, params=None):
        self.requests.append((method, path, body, params))
        try:
            answer = self.answers[(method, path)]
        except KeyError:
            raise api.PromiseAPIError(404, 'NotFound',
                                      'no %s %s' % (method, path))
        if isinstance(answer, Exception):
            raise answer
        return answer

    def sent(self, method, path):
        return [(body, params) for m, p, body, params in self.requests
                if (m, p) == (method, path)]


def lease(lease_id, name, start='2031-01-05T08:00:00.000000',
          end='2031-01-06T08:00:00.000000', status='PENDING',
          reservations=None):
    return {'id': lease_id, 'name': name, 'start_date': start,
            'end_date': end, 'status': status,
            'reservations': reservations or [
                {'id': 'res-' + lease_id, 'resource_type': 'physical:host',
                 'min': 2, 'max': 2}]}


def host(host_id, name, vcpus=32):
    return {'id': host_id, 'hypervisor_hostname': name, 'vcpus': vcpus,
            'memory_mb': 131072, 'local_gb': 1024,
            'availability_zone': 'nova', 'state': 'up', 'reservable': True,
            'rack': 'rack-01', 'server_type': 'type1', 'vendor': 'x'}


def policy(policy_id, name, rules=('error(x) :- nova:node(x, "type1")',),
           hard=False, proactive=False):
    return {'id': policy_id, 'name': name, 'description': None,
            'hard': hard, 'proactive': proactive,
            'rules': [{'id': '%s-r%d' % (policy_id, i), 'name': None,
                       'comment': None, 'rule': text,
                       'policy_id': policy_id}
                      for i, text in enumerate(rules)]}


def plan(plan_id, state='RECOMMENDED', moves=None, policies=('energy',)):
    if moves is None:
        moves = [{'vm': 'large.3.A', 'server_id': 's1', 'from': 'server-a',
                  'to': 'server-b', 'state': 'PENDING', 'reason': None},
                 {'vm': 'large.2.X2', 'server_id': 's2',
                  'from': 'server-a', 'to': 'server-b', 'state': 'PENDING',
                  'reason': None}]
    return {'id': plan_id, 'state': state, 'state_reason': None,
            'audit': {'policies': list(policies),
                      'scope': {'mode': 'violating'}, 'tie_break': 'pack'},
            'violations': {'energy': [['server-a'], ['server-b']]},
            'efficacy': {'migrations': len(moves), 'hosts_freed': 1,
                         'migrations_lower_bound': len(moves),
                         'optimal': True, 'violations_before': {'energy': 2},
                         'violations_after': {'energy': 0}},
            'moves': moves, 'created_at': '2031-01-05T08:00:00.000000',
            'updated_at': None}
