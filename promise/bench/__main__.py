"""Promise benchmarks: ``python -m promise.bench --output FILE.json``.

Runs the capacity engine alone, then lease admission and availability
search through the manager on 1,000 hosts and 10,000 reservations, then
Nova's scheduler filter per host beside one of Nova's own filters, then
policy evaluation and re-placement (solver beside the greedy baseline),
and writes every figure (milliseconds: p50, p99, mean; nanoseconds per host
for the filter) to one JSON file.
"""
import argparse
import json
import os
import platform
import sys

from promise.bench import admission_bench
from promise.bench import engine_bench
from promise.bench import filter_bench
from promise.bench import placement_bench


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output', default='bench-results/bench.json')
    parser.add_argument('--hosts', type=int, default=1000)
    parser.add_argument('--reservations', type=int, default=10000)
    parser.add_argument('--samples', type=int, default=200)
    args = parser.parse_args(argv)

    from promise.tests import base
    conf_fixture = base.ConfFixture()
    conf_fixture.setUp()
    try:
        result = {
            'python': platform.python_version(),
            'engine': engine_bench.run(args.hosts, args.reservations),
            'manager': admission_bench.run(
                conf_fixture.conf, args.hosts, args.reservations,
                args.samples),
            'nova_filter': filter_bench.run(
                conf_fixture.conf, args.hosts, args.reservations),
            'placement': placement_bench.run(),
        }
    finally:
        conf_fixture.cleanUp()
    os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                exist_ok=True)
    with open(args.output, 'w') as f:
        json.dump(result, f, indent=2, sort_keys=True)
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
