"""Load benchmark: ``python -m promise.bench.load_bench --output FILE``.

For PostgreSQL, then MariaDB: a throwaway database, promise-api (gunicorn,
two worker processes) and two promise-managers on RabbitMQ with a topic of
their own, a simulated data centre of identical hosts, then concurrent
clients on loopback creating, updating and cancelling leases for a bounded
time. Reports throughput and latency per operation and the histogram of
answers, then checks the database against every answer and that no host
is over capacity at any instant; exits non-zero if any check fails.
"""
import argparse
import collections
import json
import os
import platform
import sys
import time

import fixtures
import requests

from promise.bench import engine_bench
from promise.bench import load_clients
from promise.bench import load_verify
from promise.tests.functional import processes
from promise.tests.functional import services

DATABASES = ('postgresql', 'mysql')


class _Strict:
    """Stands for a test case: a missing service stops the benchmark."""

    def fail(self, message):
        raise RuntimeError(message)

    skipTest = fail


def write_topology(directory, hosts):
    path = os.path.join(directory, 'load-hosts.yaml')
    with open(path, 'w') as f:
        f.write('name: load-bench\navailability_zone: nova\n'
                'server_types:\n'
                '  t: {vcpus: 32, memory_mb: 131072, local_gb: 1000}\n'
                'hosts:\n')
        for i in range(hosts):
            f.write('  - {name: load-%03d, server_type: t}\n' % i)
    return path


class Cluster(fixtures.Fixture):
    """promise-api and promise-managers on a throwaway database."""

    def __init__(self, kind, hosts, managers=2, workers=2, threads=25):
        super().__init__()
        self.kind, self.hosts = kind, hosts
        self.managers, self.workers, self.threads = managers, workers, threads

    def _setUp(self):
        services.require_port(_Strict(), 'rabbit')
        self.db = self.useFixture(services.Database(_Strict(), self.kind))
        tmp = self.useFixture(fixtures.TempDir()).path
        self.config = self.useFixture(processes.ServiceConfig(
            self.db.url, services.RABBIT_URL, extra={
                'simulated.topology_file': write_topology(tmp, self.hosts),
                'api.workers': self.workers, 'api.threads': self.threads,
                'api.rpc_response_timeout': 60,
                # Lease events are not what is measured.
                'manager.event_interval': 30}))
        result = processes.run(self.config, 'promise-db-manage', 'upgrade',
                               'head')
        if result.returncode:
            raise RuntimeError('promise-db-manage failed: %s' %
                               result.stderr)
        procs = [self.useFixture(processes.Process(
            self.config, 'promise-manager')) for _ in range(self.managers)]
        procs.append(self.useFixture(processes.Process(
            self.config, 'promise-api')))
        try:
            processes.wait_for(
                lambda: len(requests.get(
                    self.config.url + '/v1/os-hosts',
                    timeout=10).json()['hosts']) == self.hosts,
                timeout=120, what='promise-api and %d hosts' % self.hosts)
        except AssertionError:
            raise RuntimeError('\n'.join(p.output()[-4000:] for p in procs))
        self.url = self.config.url


def _report(ledger, elapsed):
    operations, histogram = {}, collections.Counter()
    for op, samples in sorted(ledger.samples.items()):
        codes = collections.Counter(str(code) for _, code in samples)
        histogram.update(codes)
        accepted = [s for s, code in samples if code in (200, 201, 204)]
        operations[op] = dict(
            engine_bench.summarize([s for s, _ in samples]),
            requests_per_s=round(len(samples) / elapsed, 2),
            accepted_per_s=round(len(accepted) / elapsed, 2),
            accepted=engine_bench.summarize(accepted) if accepted else None,
            statuses=dict(codes))
    total = sum(len(s) for s in ledger.samples.values())
    return {'elapsed_s': round(elapsed, 2),
            'requests': total,
            'requests_per_s': round(total / elapsed, 2),
            'operations': operations,
            'status_histogram': dict(histogram),
            'errors_by_name': dict(ledger.errors)}


def run_one(kind, args):
    with Cluster(kind, args.hosts, threads=args.threads) as cluster:
        # The machine may be shared: its load tells how far the figures
        # were taken from an idle machine.
        load = os.getloadavg()[0]
        ledger, elapsed, errors = load_clients.run(
            cluster.url, args.clients, args.seconds, args.span_hours,
            seed=args.seed)
        result = _report(ledger, elapsed)
        result['loadavg_1min'] = [load, os.getloadavg()[0]]
        result['client_errors'] = errors[:20]
        t0 = time.monotonic()
        result['verification'] = load_verify.verify(cluster.db.url, ledger)
        result['verification']['seconds'] = round(time.monotonic() - t0, 2)
    result['database'] = kind
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output', default='bench-results/load.json')
    parser.add_argument('--seconds', type=float, default=60,
                        help='How long clients keep sending requests.')
    parser.add_argument('--clients', type=int, default=200)
    parser.add_argument('--hosts', type=int, default=40)
    parser.add_argument('--threads', type=int, default=25,
                        help='Threads per promise-api worker.')
    parser.add_argument('--span-hours', type=int, default=168,
                        help='Lease starts fall in this many hours, so '
                             'that leases compete for the same hosts.')
    parser.add_argument('--database', action='append', choices=DATABASES,
                        help='Only these databases (default: both).')
    parser.add_argument('--seed', type=int, default=20261121)
    args = parser.parse_args(argv)

    report = {'python': platform.python_version(),
              'cpus': os.cpu_count(), 'clients': args.clients,
              'hosts': args.hosts, 'seconds': args.seconds,
              'api_workers': 2, 'api_threads': args.threads, 'managers': 2,
              'runs': []}
    ok = True
    for kind in args.database or DATABASES:
        result = run_one(kind, args)
        report['runs'].append(result)
        ok = ok and not result['verification']['failure_count'] and \
            not result['client_errors']
    report['passed'] = ok
    os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                exist_ok=True)
    with open(args.output, 'w') as f:
        json.dump(report, f, indent=2, sort_keys=True)
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    print()
    if not ok:
        for run in report['runs']:
            for failure in run['verification']['failures']:
                print('FAILED (%s): %s' % (run['database'], failure),
                      file=sys.stderr)
            for error in run['client_errors']:
                print('CLIENT ERROR (%s): %s' % (run['database'], error),
                      file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
