"""RPC endpoint of placement policies and action plans (namespace
"placement")."""
import oslo_messaging as messaging

from promise import exceptions
from promise.manager import placement_rpcapi
from promise.placement import schemas


class PlacementEndpoint:
    target = messaging.Target(namespace=placement_rpcapi.NAMESPACE,
                              version=placement_rpcapi.RPC_API_VERSION)

    def __init__(self, policies, runner, check=None):
        self.policies = policies
        self.runner = runner
        self.check = check

    @messaging.expected_exceptions(exceptions.PromiseException)
    def create_policy(self, context, values):
        return self.policies.create_policy(context, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_policy(self, context, policy_id):
        return self.policies.delete_policy(context, policy_id)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def add_rule(self, context, policy_id, values):
        return self.policies.add_rule(context, policy_id, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def delete_rule(self, context, policy_id, rule_id):
        return self.policies.delete_rule(context, policy_id, rule_id)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def violations(self, context, policies=None):
        return self.policies.violations(context, policies)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def tables(self, context):
        tables = self.policies.tables(context)
        return [{'name': name, 'columns': list(schemas.DEFAULT_SCHEMAS.get(
                    name, ())), 'rows': len(rows)}
                for name, rows in sorted(tables.items())]

    @messaging.expected_exceptions(exceptions.PromiseException)
    def table_rows(self, context, name):
        return self.policies.table_rows(context, name)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def simulate(self, context, policies, moves, changes):
        return self.policies.simulate(context, policies, moves or (),
                                      changes or ())

    @messaging.expected_exceptions(exceptions.PromiseException)
    def audit(self, context, values):
        return self.policies.audit(context, values)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def plan_action(self, context, plan_id, action):
        return getattr(self.runner, action)(context, plan_id)

    @messaging.expected_exceptions(exceptions.PromiseException)
    def check_placement(self, context, values):
        return self.check(context, values)
