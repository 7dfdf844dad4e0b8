"""The draft's worked example, end to end."""

import testtools

from promise import placement
from promise.tests.unit.placement import draft_example

A, B = draft_example.SERVER_A, draft_example.SERVER_B
X1, X2, Y, Z = "large.2.X1", "large.2.X2", "large.2.Y", "large.2.Z"


def moves(plan):
    return [(m.vm, m.source, m.target) for m in plan.moves]


class TestTopology(testtools.TestCase):
    def test_flavors_and_servers_are_the_drafts(self):
        flavors = draft_example.flavors()
        self.assertEqual((4, 16384), (flavors["large.2"].vcpus,
                                      flavors["large.2"].ram))
        self.assertEqual((8, 32768), (flavors["large.3"].vcpus,
                                      flavors["large.3"].ram))
        dc = draft_example.data_centre()
        self.assertEqual(55, len(dc.servers))
        server = dc.servers[A]
        self.assertEqual(("type1", 32, 131072),
                         (server.server_type, server.capacity["VCPU"],
                          server.capacity["MEMORY_MB"]))


class TestSeedExample(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.policies = draft_example.policies()
        self.dc = draft_example.after_deletion()

    def test_utilizations_are_the_drafts(self):
        before = draft_example.data_centre()
        self.assertEqual(62.5, before.utilization(A))
        self.assertEqual(37.5, before.utilization(B))
        self.assertEqual(100, before.utilization("server-01"))
        self.assertEqual(37.5, self.dc.utilization(A))
        rows = dict(before.tables()["server_utilization"])
        self.assertEqual(62.5, rows[A])

    def test_no_violation_before_the_deletion(self):
        violations = self.policies.violations(
            draft_example.data_centre().tables())
        self.assertEqual({"policy1": set(), "policy2": set()}, violations)
        self.assertIsNone(placement.audit(self.policies,
                                          draft_example.data_centre()).plan)

    def test_deleting_a_large_3_fires_policy_1(self):
        violations = self.policies.violations(self.dc.tables())
        self.assertEqual({(A,), (B,)}, violations["policy1"])
        self.assertEqual(set(), violations["policy2"])

    def test_audit_returns_new_placement_2(self):
        audit = placement.audit(self.policies, self.dc)
        plan = audit.plan
        self.assertEqual([("large.3.A1", A, B)], moves(plan))
        self.assertEqual(1, plan.migrations_lower_bound)
        self.assertTrue(plan.optimal)
        self.assertTrue(plan.verified)
        self.assertEqual({A: 12.5, B: 62.5}, plan.utilization_after)
        self.assertEqual({"policy1": set(), "policy2": set()},
                         plan.violations_after)
        self.assertEqual(0, plan.anti_affinity_breaks)

    def test_simulate_new_placement_1_repairs(self):
        tables = self.dc.tables()
        after = self.dc.with_moves([(Y, B, A), (Z, B, A)])
        result = self.policies.simulate(
            tables, _changes(tables, after.tables()))
        self.assertEqual({"policy1": {(A,), (B,)}}, result.removed)
        self.assertEqual({}, result.added)
        self.assertEqual(62.5, after.utilization(A))
        self.assertEqual(12.5, after.utilization(B))

    def test_simulate_moving_all_large_2_breaks_policy_2(self):
        tables = self.dc.tables()
        after = self.dc.with_moves([(X2, B, A), (Y, B, A), (Z, B, A)])
        result = self.policies.simulate(
            tables, _changes(tables, after.tables()))
        self.assertEqual({"policy2": {(X1,), (X2,)}}, result.added)
        self.assertEqual({"policy1": {(A,), (B,)}}, result.removed)

    def test_no_plan_ever_joins_the_ha_group(self):
        for tie_break in ("pack", "spread", "none"):
            plan = placement.plan(
                self.policies, self.dc,
                options=placement.PlannerOptions(tie_break=tie_break))
            hosts = {vm.name: vm.host for vm in self.dc.vms.values()}
            for move in plan.moves:
                hosts[move.vm] = move.target
                self.assertNotEqual(hosts[X1], hosts[X2])
            self.assertEqual(1, plan.migrations)

    def test_spread_tie_break_moves_y_or_z_under_strict_reading(self):
        # "< 50 %" is strict: server-a at exactly 50 % is no longer
        # under-used, so moving Y or Z there is a one-migration repair too.
        plan = placement.plan(
            self.policies, self.dc,
            options=placement.PlannerOptions(tie_break="spread"))
        self.assertIn(moves(plan), ([(Y, B, A)], [(Z, B, A)]))
        self.assertEqual({A: 50, B: 25}, plan.utilization_after)

    def test_scope_without_room_leaves_the_violation(self):
        # With only server-a as a target and the full servers out of
        # scope, nothing can move: the plan is empty and says so.
        plan = placement.plan(
            self.policies, self.dc,
            placement.AuditScope(vms=frozenset({"large.3.A1", X1}),
                                 targets=frozenset({A})))
        self.assertEqual([], plan.moves)
        self.assertEqual({(A,), (B,)}, plan.violations_after["policy1"])
        self.assertTrue(plan.verified)

    def test_unscoped_audit_may_take_vms_off_full_servers(self):
        dc = draft_example.after_deletion(full_servers=3)
        plan = placement.plan(self.policies, dc,
                              placement.AuditScope(mode="all"))
        self.assertEqual(1, plan.migrations)
        self.assertEqual({"policy1": set(), "policy2": set()},
                         plan.violations_after)
        self.assertEqual(len(dc.vms), plan.model["movable_vms"])
        self.assertEqual(1, plan.migrations_lower_bound)

    def test_greedy_baseline_breaks_policy_2(self):
        plan = placement.consolidate(self.dc, policies=self.policies)
        self.assertEqual([("large.3.A1", A, B), (X1, A, B)], moves(plan))
        self.assertEqual(1, plan.hosts_freed)
        self.assertEqual({(X1,), (X2,)}, plan.violations_after["policy2"])
        self.assertEqual(1, plan.anti_affinity_breaks)

    def test_greedy_respecting_groups_cannot_drain(self):
        plan = placement.consolidate(self.dc, policies=self.policies,
                                     respect_anti_affinity=True)
        # Capacity-only first fit is what breaks the group; made to respect
        # it, first fit finds no server to drain and repairs nothing.
        self.assertEqual([], moves(plan))
        self.assertEqual({(A,), (B,)}, plan.violations_after["policy1"])


def _changes(before, after):
    out = []
    for table in ("vm_host_mapping", "server_utilization"):
        old, new = set(before[table]), set(after[table])
        out += [placement.Change(table, row, delete=True)
                for row in sorted(old - new, key=str)]
        out += [placement.Change(table, row) for row in sorted(new - old,
                                                               key=str)]
    return out
