"""Promise beside Blazar: ``python -m promise.bench.blazar_bench``.

Both admit the same physical:host lease requests against the same 1,000
hosts holding the same 10,000 reservations, each on a throwaway MariaDB
database of the machine's server, in one run:

* Blazar 18, installed from PyPI into a virtualenv of its own (made on
  first use, by default .tox/blazar), runs ``ManagerService.create_lease``
  in-process (promise/bench/blazar_driver.py);
* Promise runs ``LeaseService.create``, the manager's admission.

Then both face the same race: concurrent requests for more hosts than
exist in one window; admissions and double-booked host pairs are counted.
"""
import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time

from oslo_utils import uuidutils

from promise.bench import admission_bench
from promise.bench import engine_bench
from promise.bench import load_bench
from promise.tests.functional import services

BLAZAR = 'blazar==18.0.0'
YEAR = datetime.datetime(2031, 1, 1)
FMT = '%Y-%m-%d %H:%M'
# Whole-host claim of admission_bench's hosts (VCPU at ratio 4).
WHOLE_HOST = {'VCPU': 128, 'MEMORY_MB': 131072, 'DISK_GB': 1000,
              'INSTANCES': 128}


def dataset(hosts, reservations, requests, race_clients, race_count,
            seed=20261121):
    """Hosts, existing reservations that never overlap on a host, lease
    requests, and the race."""
    rng = random.Random(seed)
    per_host = reservations // hosts
    slot = 8760 // per_host
    existing = []
    for index in range(hosts):
        for k in range(per_host):
            start = YEAR + datetime.timedelta(
                hours=k * slot + rng.randrange(slot - 72))
            end = start + datetime.timedelta(hours=rng.randrange(1, 72))
            existing.append((index, start.strftime(FMT), end.strftime(FMT)))
    reqs = []
    for _ in range(requests):
        start = YEAR + datetime.timedelta(hours=rng.randrange(8760))
        end = start + datetime.timedelta(hours=rng.randrange(1, 48))
        reqs.append((start.strftime(FMT), end.strftime(FMT),
                     rng.choice([1, 2, 3])))
    return {'hosts': [{'name': 'bench-%04d' % i, 'vcpus': 32,
                       'memory_mb': 131072, 'local_gb': 1000}
                      for i in range(hosts)],
            'existing': existing, 'requests': reqs,
            'race': {'clients': race_clients, 'count': race_count,
                     'start': '2032-03-01 10:00', 'end': '2032-03-01 12:00'}}


def blazar_python(venv):
    python = os.path.join(venv, 'bin', 'python')
    probe = [python, '-c', 'import blazar.manager.service, pymysql']
    if os.path.exists(python) and not subprocess.run(
            probe, capture_output=True).returncode:
        return python
    subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
    subprocess.run([python, '-m', 'pip', 'install', '-q', BLAZAR, 'PyMySQL'],
                   check=True)
    return python


def run_blazar(python, url, data, tmp):
    conf = os.path.join(tmp, 'blazar.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\ntransport_url = fake:/\n'
                '[database]\nconnection = %s\n'
                '[manager]\nplugins = physical.host.plugin\n'
                '[oslo_messaging_notifications]\ndriver = noop\n' % url)
    data_path = os.path.join(tmp, 'data.json')
    out = os.path.join(tmp, 'blazar-result.json')
    with open(data_path, 'w') as f:
        json.dump(data, f)
    driver = os.path.join(os.path.dirname(__file__), 'blazar_driver.py')
    proc = subprocess.run([python, driver, '--config-file', conf,
                           '--data', data_path, '--output', out],
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError('Blazar driver failed:\n%s' % proc.stderr[-6000:])
    with open(out) as f:
        return json.load(f)


def _promise_rows(session, data):
    from promise.db import models
    host_ids = admission_bench._hosts(session, len(data['hosts']))
    leases, reservations, allocations = [], [], []
    values = {'min': 1, 'max': 1, 'hypervisor_properties': '',
              'resource_properties': '', 'before_end': 'default'}
    for index, start, end in data['existing']:
        lease_id = uuidutils.generate_uuid()
        res_id = uuidutils.generate_uuid()
        s = datetime.datetime.strptime(start, FMT)
        e = datetime.datetime.strptime(end, FMT)
        leases.append({'id': lease_id, 'name': 'existing', 'project_id': 'p',
                       'start_date': s, 'end_date': e, 'status': 'PENDING',
                       'degraded': False, 'generation': 0,
                       'created_at': admission_bench.NOW})
        reservations.append({'id': res_id, 'lease_id': lease_id,
                             'resource_type': 'physical:host',
                             'status': 'pending', 'values': values,
                             'missing_resources': False,
                             'resources_changed': False,
                             'created_at': admission_bench.NOW})
        for rc, amount in WHOLE_HOST.items():
            allocations.append({'reservation_id': res_id,
                                'host_id': host_ids[index],
                                'resource_class': rc, 'amount': amount,
                                'start_date': s, 'end_date': e,
                                'created_at': admission_bench.NOW})
    for table, rows in ((models.Lease, leases),
                        (models.Reservation, reservations),
                        (models.Allocation, allocations)):
        for chunk in range(0, len(rows), 5000):
            session.execute(table.__table__.insert(),
                            rows[chunk:chunk + 5000])


def _body(name, start, end, count):
    return {'name': name, 'start_date': start, 'end_date': end,
            'reservations': [{'resource_type': 'physical:host',
                              'min': count, 'max': count}]}


def run_promise(conf, url, data):
    from promise import context as promise_context
    from promise import exceptions
    from promise.db import api as db_api
    from promise.db import migration
    from promise.manager import leases as lease_service
    from promise.tests.functional import invariants

    conf.set_override('connection', url, group='database')
    db_api.dispose_engine()
    migration.upgrade('head')
    t0 = time.perf_counter()
    with db_api.writer() as session:
        _promise_rows(session, data)
    loaded = time.perf_counter() - t0
    service = lease_service.LeaseService()
    ctx = promise_context.RequestContext(user_id='u', project_id='p',
                                         roles=['member', 'reader'])

    def admit(name, start, end, count):
        t = time.perf_counter()
        try:
            service.create(ctx, _body(name, start, end, count))
            ok = True
        except exceptions.Conflict:
            ok = False
        return time.perf_counter() - t, ok

    samples, admitted = [], 0
    for i, (start, end, count) in enumerate(data['requests']):
        seconds, ok = admit('bench-%d' % i, start, end, count)
        samples.append(seconds)
        admitted += ok
    race = data['race']
    outcomes, barrier = [], threading.Barrier(race['clients'])

    def racer(i):
        barrier.wait()
        outcomes.append(admit('race-%d' % i, race['start'], race['end'],
                              race['count']))

    threads = [threading.Thread(target=racer, args=(i,))
               for i in range(race['clients'])]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    race_seconds = time.perf_counter() - t0
    db_api.dispose_engine()
    overbooked = invariants.overbooked_hosts(url)
    return {'load_seconds': round(loaded, 2), 'samples': samples,
            'admitted': admitted,
            'race': {'seconds': race_seconds,
                     'admitted': sum(ok for _, ok in outcomes),
                     'overbooked_host_instants': len(overbooked)}}


def _side(raw):
    samples = raw['samples']
    # The first admission of each includes its cold start (Promise fills
    # its calendar cache); it is reported, then left out of the figures.
    summary = engine_bench.summarize(samples[1:])
    summary['first_ms'] = round(samples[0] * 1000, 2)
    summary['admissions_per_s'] = round(
        len(samples[1:]) / sum(samples[1:]), 2)
    return {'admission': summary, 'admitted': raw['admitted'],
            'requests': len(samples), 'load_seconds': raw['load_seconds'],
            'race': raw['race'], 'refusals': raw.get('refusals', {})}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output', default='bench-results/blazar.json')
    parser.add_argument('--hosts', type=int, default=1000)
    parser.add_argument('--reservations', type=int, default=10000)
    parser.add_argument('--requests', type=int, default=20)
    parser.add_argument('--race-clients', type=int, default=4)
    parser.add_argument('--race-count', type=int, default=300,
                        help='Hosts each racing lease asks for.')
    parser.add_argument('--blazar-venv', default=os.path.join('.tox',
                                                              'blazar'))
    args = parser.parse_args(argv)

    data = dataset(args.hosts, args.reservations, args.requests,
                   args.race_clients, args.race_count)
    python = blazar_python(os.path.abspath(args.blazar_venv))
    version = subprocess.run(
        [python, '-m', 'pip', 'show', 'blazar'], capture_output=True,
        text=True).stdout.split('Version: ')[1].split()[0]

    from promise.tests import base
    conf_fixture = base.ConfFixture()
    strict = load_bench._Strict()
    with tempfile.TemporaryDirectory(prefix='promise-blazar-') as tmp, \
            services.Database(strict, 'mysql') as blazar_db, \
            services.Database(strict, 'mysql') as promise_db:
        conf_fixture.setUp()
        try:
            # The machine may be shared: its load beside each side's
            # figures tells whether they were taken in like conditions.
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            blazar = _side(run_blazar(python, blazar_db.url, data, tmp))
            blazar['seconds'] = round(time.perf_counter() - t0, 1)
            blazar['loadavg_1min'] = [load, os.getloadavg()[0]]
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            promise = _side(run_promise(conf_fixture.conf, promise_db.url,
                                        data))
            promise['seconds'] = round(time.perf_counter() - t0, 1)
            promise['loadavg_1min'] = [load, os.getloadavg()[0]]
        finally:
            conf_fixture.cleanUp()
    ratio = {k: round(blazar['admission'][k] / promise['admission'][k], 1)
             for k in ('p50_ms', 'p99_ms', 'mean_ms')}
    fits = args.hosts // args.race_count
    report = {
        'python': platform.python_version(), 'cpus': os.cpu_count(),
        'database': 'mariadb', 'hosts': args.hosts,
        'reservations': len(data['existing']),
        'resource_type': 'physical:host',
        'method': 'in-process: Blazar ManagerService.create_lease (Keystone '
                  'trust and Nova aggregate calls stubbed) vs Promise '
                  'LeaseService.create, same data, one run',
        'blazar_version': version, 'blazar': blazar, 'promise': promise,
        'blazar_over_promise': ratio,
        'race_capacity': fits,
        'target_100x_met': ratio['p50_ms'] >= 100,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                exist_ok=True)
    with open(args.output, 'w') as f:
        json.dump(report, f, indent=2, sort_keys=True)
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    print()
    # Promise must never admit past capacity; Blazar's figure is reported.
    if promise['race']['admitted'] > fits or \
            promise['race']['overbooked_host_instants']:
        print('FAILED: Promise overbooked the race', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
