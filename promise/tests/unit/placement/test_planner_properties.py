"""Any plan respects capacity and anti-affinity, step by step."""

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise import placement
from promise.tests.unit.placement import draft_example

SIZES = {"s": {"VCPU": 1, "MEMORY_MB": 4096},
         "m": {"VCPU": 2, "MEMORY_MB": 8192},
         "l": {"VCPU": 4, "MEMORY_MB": 16384}}
CAPACITY = {"VCPU": 8, "MEMORY_MB": 32768}


@st.composite
def data_centres(draw):
    hosts = [f"h{i}" for i in range(draw(st.integers(2, 5)))]
    used = {h: 0 for h in hosts}
    vms = []
    for i in range(draw(st.integers(1, 10))):
        flavor = draw(st.sampled_from(sorted(SIZES)))
        host = draw(st.sampled_from(hosts))
        if used[host] + SIZES[flavor]["VCPU"] > CAPACITY["VCPU"]:
            continue
        used[host] += SIZES[flavor]["VCPU"]
        vms.append(placement.Vm(f"vm{i}", host, SIZES[flavor], flavor))
    groups = {}
    by_host = {}
    for vm in vms:
        by_host.setdefault(vm.host, []).append(vm.name)
    if len(by_host) > 1 and draw(st.booleans()):
        firsts = [names[0] for names in by_host.values()]
        groups["ha"] = firsts[:draw(st.integers(2, len(firsts)))]
    servers = [placement.Server(h, "type1", CAPACITY) for h in hosts]
    return placement.DataCentre(servers, vms, groups)


def replay(dc, moves):
    """Apply moves one at a time, checking every intermediate state."""
    hosts = {name: vm.host for name, vm in dc.vms.items()}
    for move in moves:
        assert hosts[move.vm] == move.source
        hosts[move.vm] = move.target
        state = dc.with_hosts(hosts)
        yield state


class TestPlanProperties(testtools.TestCase):
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(data_centres(), st.sampled_from(["violating", "all"]),
           st.sampled_from(["pack", "spread", "none"]))
    def test_plans_keep_capacity_and_groups(self, dc, mode, tie_break):
        policies = draft_example.policies()
        plan = placement.plan(
            policies, dc, placement.AuditScope(mode=mode),
            placement.PlannerOptions(tie_break=tie_break, time_limit=5))
        self.assertTrue(plan.verified)
        for state in replay(dc, plan.moves):
            self.assertEqual([], state.capacity_breaks())
            self.assertEqual(set(), state.anti_affinity_breaks())
        before = len(plan.violations_before["policy1"])
        after = len(plan.violations_after["policy1"])
        self.assertLessEqual(after, before)
        if plan.migrations_lower_bound is not None:
            self.assertLessEqual(plan.migrations_lower_bound,
                                 plan.migrations)

    @settings(max_examples=25, deadline=None, database=None)
    @given(data_centres())
    def test_greedy_keeps_capacity(self, dc):
        plan = placement.consolidate(dc)
        for state in replay(dc, plan.moves):
            self.assertEqual([], state.capacity_breaks())
