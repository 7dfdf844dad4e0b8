"""Policy evaluation and re-placement on large synthetic data centres.

    python -m promise.bench.placement_bench --output placement.json

* evaluation: the draft's Policy 1 (per server type) and Policy 2 on
  clingo, over ``--eval-vms`` VMs on ``--eval-hosts`` servers;
* re-placement: the CP-SAT planner and the greedy first-fit-decreasing
  baseline side by side, on the 210-server mini NFV DC and on
  ``--hosts`` servers / ``--vms`` VMs, random loads and HA groups.

Loads: about 3 % of the servers get a low target utilization (5-45 %),
the others 60-100 %; VMs of four flavors (1, 2, 4 and 8 vCPU, 4 GB per
vCPU) fill each server to its target; one VM in five sits in an HA group
of two or three, its members on distinct servers.
"""

import argparse
import json
import os
import random
import sys
import time

from promise import placement
from promise.vim import topology

FLAVORS = {
    "small.1": {"vcpus": 1, "ram": 4096, "disk": 10},
    "medium.1": {"vcpus": 2, "ram": 8192, "disk": 20},
    "large.2": {"vcpus": 4, "ram": 16384, "disk": 40},
    "large.3": {"vcpus": 8, "ram": 32768, "disk": 80},
}
WEIGHTS = (0.35, 0.35, 0.2, 0.1)

POLICY_1 = """
underused(server) :- nova:node(server, "{type}"),
    server_utilization(server, util), gt(util, 0), lt(util, 50)
error(server) :- underused(server), underused(other), neq(server, other)
"""
POLICY_2 = """
error(vm1) :- anti_affinity_group(vm1, grp1), anti_affinity_group(vm2, grp2),
    equal(grp1, grp2), neq(vm1, vm2),
    vm_host_mapping(vm1, server1), vm_host_mapping(vm2, server2),
    equal(server1, server2)
"""


def policies(server_types):
    return placement.PolicySet(
        [placement.Policy(f"policy1-{t}", POLICY_1.format(type=t))
         for t in sorted(server_types)]
        + [placement.Policy("policy2", POLICY_2, hard=True)])


def servers(count):
    """``count`` servers with the mini NFV DC's types and proportions."""
    hosts = topology.load().hosts
    out = []
    for index in range(count):
        template = placement.Server.from_host(
            hosts[index * len(hosts) // count])
        out.append(placement.Server(f"compute-{index + 1:04d}",
                                    template.server_type, template.capacity))
    return out


def random_dc(host_count, vm_count, seed=1, low_share=0.03, group_share=0.2):
    rng = random.Random(seed)
    sizes = {name: placement.flavor_size(f) for name, f in FLAVORS.items()}
    names = list(FLAVORS)
    fleet = servers(host_count)
    empty = placement.DataCentre(fleet, [])
    vms = []
    used = {s.name: {} for s in fleet}

    def add(server, flavor):
        vm = placement.Vm(f"vm-{len(vms) + 1:05d}", server, sizes[flavor],
                          flavor)
        if not empty.fits(server, vm.size, used[server]):
            return False
        for rc, amount in vm.size.items():
            used[server][rc] = used[server].get(rc, 0) + amount
        vms.append(vm)
        return True

    def util(server):
        cap = empty.servers[server].capacity
        return 50 * sum(used[server].get(rc, 0) / cap[rc]
                        for rc in ("VCPU", "MEMORY_MB"))

    targets = {s.name: (rng.uniform(5, 45) if rng.random() < low_share
                        else rng.uniform(60, 100)) for s in fleet}
    for s in fleet:
        for _ in range(200):
            if util(s.name) >= targets[s.name] - 3:
                break
            add(s.name, rng.choices(names, WEIGHTS)[0])
    healthy = [s.name for s in fleet if targets[s.name] >= 60]
    while len(vms) < vm_count:
        add(rng.choice(healthy), "small.1")
    while len(vms) > vm_count:
        victim = rng.randrange(len(vms))
        vm = vms[victim]
        if util(vm.host) - 5 < 55:
            continue
        for rc, amount in vm.size.items():
            used[vm.host][rc] -= amount
        vms.pop(victim)
    groups = {}
    pool = [vm for vm in vms]
    rng.shuffle(pool)
    pool = pool[:int(len(pool) * group_share)]
    while len(pool) >= 3:
        size = rng.choice((2, 3))
        members, hosts = [], set()
        while pool and len(members) < size:
            vm = pool.pop()
            if vm.host not in hosts:
                members.append(vm.name)
                hosts.add(vm.host)
        if len(members) > 1:
            groups[f"ha-{len(groups) + 1:05d}"] = members
    return placement.DataCentre(fleet, vms, groups, flavors=FLAVORS)


def bench_evaluation(host_count, vm_count, repeat=5):
    dc = random_dc(host_count, vm_count, seed=7)
    policy_set = policies({s.server_type for s in dc.servers.values()})
    tables = dc.tables()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = policy_set.violations(tables)
        samples.append(time.perf_counter() - started)
    return {"hosts": host_count, "vms": len(dc.vms),
            "groups": len(dc.groups), "policies": len(policy_set),
            "seconds_min": round(min(samples), 4),
            "seconds_median": round(sorted(samples)[len(samples) // 2], 4),
            "error_rows": sum(len(r) for r in result.values())}


def bench_replacement(host_count, vm_count, time_limit, seed=3):
    dc = random_dc(host_count, vm_count, seed=seed)
    policy_set = policies({s.server_type for s in dc.servers.values()})
    before = policy_set.violations(dc.tables())
    plan = placement.plan(policy_set, dc,
                          options=placement.PlannerOptions(
                              time_limit=time_limit),
                          violations=before)
    greedy = placement.consolidate(dc, policies=policy_set)
    bound = plan.migrations_lower_bound

    def summary(p):
        fig = p.efficacy()
        fig["policy1_violations_after"] = sum(
            len(rows) for name, rows in p.violations_after.items()
            if name.startswith("policy1"))
        return fig

    return {"hosts": host_count, "vms": len(dc.vms),
            "groups": len(dc.groups),
            "policy1_violations_before": sum(
                len(rows) for name, rows in before.items()
                if name.startswith("policy1")),
            "cp_sat": summary(plan), "model": plan.model,
            "greedy": summary(greedy),
            "migrations_over_bound": (round(plan.migrations / bound, 3)
                                      if bound else None)}


def run(eval_hosts=1000, eval_vms=10000, hosts=2000, vms=20000,
        time_limit=60.0):
    return {
        "evaluation": bench_evaluation(eval_hosts, eval_vms),
        "replacement_mini_dc": bench_replacement(210, 2100,
                                                 min(time_limit, 10.0)),
        "replacement_large": bench_replacement(hosts, vms, time_limit),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="bench-results/placement.json")
    parser.add_argument("--eval-hosts", type=int, default=1000)
    parser.add_argument("--eval-vms", type=int, default=10000)
    parser.add_argument("--hosts", type=int, default=2000)
    parser.add_argument("--vms", type=int, default=20000)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    result = run(args.eval_hosts, args.eval_vms, args.hosts, args.vms,
                 args.time_limit)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(result, f, indent=2, sort_keys=True)
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
