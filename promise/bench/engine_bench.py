"""Latency of the capacity engine on a large synthetic cloud.

    python -m promise.bench.engine_bench --output engine.json
"""

import argparse
import json
import random
import sys
import time

from promise.engine import choose_hosts
from promise.engine import earliest_window_for_hosts
from promise.engine import HostCalendar
from promise.engine import Inventory
from promise.engine import max_instances
from promise.engine import PlacementRequest
from promise.engine import Timeline

HOUR = 3600
DAY = 24 * HOUR
YEAR = 365 * DAY
EPOCH = 1_700_000_000


def build_hosts(host_count, claim_count, rng):
    usage = [Timeline() for _ in range(host_count)]
    for _ in range(claim_count):
        start = EPOCH + rng.randrange(YEAR)
        end = start + rng.randrange(HOUR, 30 * DAY)
        usage[rng.randrange(host_count)].add(start, end, {
            "VCPU": rng.choice([1, 2, 4, 8, 16]),
            "MEMORY_MB": rng.choice([512, 2048, 4096, 8192, 16384, 32768]),
            "DISK_GB": rng.choice([10, 20, 40, 80, 160]),
        })
    inventories = {
        "VCPU": Inventory(32, allocation_ratio=4.0),
        "MEMORY_MB": Inventory(131072, reserved=512),
        "DISK_GB": Inventory(1000),
    }
    hosts = [HostCalendar(f"compute-{i:04d}", inventories, usage=usage[i])
             for i in range(host_count)]
    for host in hosts:
        host.free()  # measure queries, not the first cache fill
    return hosts


def random_window(rng, max_days):
    start = EPOCH + rng.randrange(YEAR)
    return start, start + rng.randrange(HOUR, max_days * DAY)


def summarize(samples):
    ordered = sorted(samples)
    count = len(ordered)

    def rank(p):
        return ordered[min(count - 1, max(0, round(p * count + 0.5) - 1))]

    return {"count": count,
            "p50_ms": round(rank(0.50) * 1000, 4),
            "p99_ms": round(rank(0.99) * 1000, 4),
            "mean_ms": round(sum(ordered) / count * 1000, 4)}


def measure(iterations, make_args, call):
    samples = []
    for _ in range(iterations):
        args = make_args()
        began = time.perf_counter()
        call(*args)
        samples.append(time.perf_counter() - began)
    return summarize(samples)


def run(host_count=1000, claim_count=10000, seed=20240601, scale=1.0):
    rng = random.Random(seed)
    hosts = build_hosts(host_count, claim_count, rng)

    def iters(n):
        return max(1, int(n * scale))

    def fits_args():
        return (rng.choice(hosts), random_window(rng, 14),
                {"VCPU": rng.choice([2, 8, 32]),
                 "MEMORY_MB": rng.choice([4096, 65536])})

    def group_args():
        request = PlacementRequest(
            5, {"VCPU": 4, "MEMORY_MB": 8192, "DISK_GB": 40},
            affinity=rng.choice([None, False, True]),
            strategy=rng.choice(["pack", "spread"]))
        return (request, random_window(rng, 30))

    # Small groups usually fit at once; near-whole-host groups must wait
    # for quiet hosts (the full sweep); the last shape never fits.
    search_shapes = [
        ({"VCPU": 4, "MEMORY_MB": 8192, "DISK_GB": 40}, None),
        ({"VCPU": 100, "MEMORY_MB": 100000, "DISK_GB": 500}, False),
        ({"VCPU": 24, "MEMORY_MB": 65536, "DISK_GB": 200}, True),
    ]

    def search_args():
        amounts, affinity = rng.choice(search_shapes)
        request = PlacementRequest(5, amounts, affinity=affinity)
        return (request, rng.randrange(DAY, 14 * DAY),
                EPOCH + rng.randrange(YEAR))

    results = {
        "fits_one_host": measure(
            iters(2000), fits_args,
            lambda host, window, amounts: host.fits(*window, amounts)),
        "choose_hosts_5_of_1000": measure(
            iters(300), group_args,
            lambda request, window: choose_hosts(hosts, request, *window)),
        "earliest_window_for_hosts_1000": measure(
            iters(200), search_args,
            lambda request, duration, start: earliest_window_for_hosts(
                hosts, request, duration, start)),
        "max_instances_1000": measure(
            iters(300), group_args,
            lambda request, window: max_instances(hosts, request, *window)),
    }
    return {"engine": results, "hosts": host_count, "claims": claim_count}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="JSON file (default: stdout)")
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every iteration count")
    args = parser.parse_args(argv)
    report = run(args.hosts, args.claims, args.seed, args.scale)
    text = json.dumps(report, indent=2, sort_keys=True)
    if args.output:
        with open(args.output, "w") as stream:
            stream.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
