"""RPC client of the manager's placement endpoint, used by the API.

History of the placement RPC API:
    1.0 - policies, rules, violations, tables, simulate, audit, action
          plans, check_placement
"""
from promise.manager import rpcapi

NAMESPACE = 'placement'
RPC_API_VERSION = '1.0'


class PlacementAPI(rpcapi.ClientBase):
    namespace = NAMESPACE
    version = RPC_API_VERSION

    def create_policy(self, context, values):
        return self._call(context, 'create_policy', values=values)

    def delete_policy(self, context, policy_id):
        return self._call(context, 'delete_policy', policy_id=policy_id)

    def add_rule(self, context, policy_id, values):
        return self._call(context, 'add_rule', policy_id=policy_id,
                          values=values)

    def delete_rule(self, context, policy_id, rule_id):
        return self._call(context, 'delete_rule', policy_id=policy_id,
                          rule_id=rule_id)

    def violations(self, context, policies=None):
        return self._call(context, 'violations', policies=policies)

    def tables(self, context):
        return self._call(context, 'tables')

    def table_rows(self, context, name):
        return self._call(context, 'table_rows', name=name)

    def simulate(self, context, policies, moves, changes):
        return self._call(context, 'simulate', policies=policies,
                          moves=moves, changes=changes)

    def audit(self, context, values):
        return self._call(context, 'audit', values=values)

    def plan_action(self, context, plan_id, action):
        return self._call(context, 'plan_action', plan_id=plan_id,
                          action=action)

    def check_placement(self, context, values):
        return self._call(context, 'check_placement', values=values)
