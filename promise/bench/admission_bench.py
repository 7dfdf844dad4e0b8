"""Lease admission and availability search through the manager's real
code path (World read, engine, compare-and-swap write) on a SQLite
database holding 1,000 hosts and 10,000 existing reservations."""
import datetime
import os
import random
import tempfile
import time

from oslo_utils import uuidutils

from promise import context as promise_context
from promise import exceptions
from promise.bench import engine_bench
from promise.db import api as db_api
from promise.db import migration
from promise.db import models

YEAR_START = datetime.datetime(2031, 1, 1)
# Rows are stamped as a real deployment stamps them.
NOW = datetime.datetime(2026, 1, 1)


def _hosts(session, count):
    hosts, inventories = [], []
    for i in range(count):
        host_id = uuidutils.generate_uuid()
        hosts.append({'id': host_id, 'hypervisor_hostname': 'bench-%04d' % i,
                      'vcpus': 32, 'memory_mb': 131072, 'local_gb': 1000,
                      'state': 'up', 'reservable': True, 'generation': 0,
                      'availability_zone': 'nova',
                      'created_at': NOW})
        for rc, total, ratio in (('VCPU', 32, 4.0),
                                 ('MEMORY_MB', 131072, 1.0),
                                 ('DISK_GB', 1000, 1.0),
                                 ('INSTANCES', 128, 1.0)):
            inventories.append({'host_id': host_id, 'resource_class': rc,
                                'total': total, 'reserved': 0,
                                'min_unit': 1, 'max_unit': total,
                                'step_size': 1, 'allocation_ratio': ratio,
                                'created_at': NOW})
    session.execute(models.Host.__table__.insert(), hosts)
    session.execute(models.HostInventory.__table__.insert(), inventories)
    pool_id = uuidutils.generate_uuid()
    session.execute(models.Pool.__table__.insert().values(
        id=pool_id, name='all', kind='provider', generation=0,
        created_at=NOW))
    session.execute(models.PoolHost.__table__.insert(),
                    [{'pool_id': pool_id, 'host_id': h['id'],
                      'created_at': NOW} for h in hosts])
    return [h['id'] for h in hosts]


def _year_window(rng):
    start = YEAR_START + datetime.timedelta(hours=rng.randrange(8760))
    return start, start + datetime.timedelta(hours=rng.randrange(1, 72))


def _reservations(session, host_ids, count, rng, window=_year_window,
                  now=None):
    """``count`` 4-vCPU instance reservations on random hosts, inserted
    in bulk; those whose window has begun by ``now`` are ACTIVE."""
    leases, reservations, allocations = [], [], []
    stamp = now or NOW
    for _ in range(count):
        lease_id, res_id = uuidutils.generate_uuid(), \
            uuidutils.generate_uuid()
        start, end = window(rng)
        started = now is not None and start <= now
        leases.append({'id': lease_id, 'name': 'existing', 'project_id': 'p',
                       'start_date': start, 'end_date': end,
                       'status': 'ACTIVE' if started else 'PENDING',
                       'degraded': False, 'generation': 0,
                       'created_at': stamp})
        reservations.append({'id': res_id, 'lease_id': lease_id,
                             'resource_type': 'virtual:instance',
                             'status': 'active' if started else 'pending',
                             'values': {}, 'missing_resources': False,
                             'resources_changed': False,
                             'created_at': stamp})
        host = rng.choice(host_ids)
        for rc, amount in (('VCPU', 4), ('MEMORY_MB', 8192),
                           ('DISK_GB', 20), ('INSTANCES', 1)):
            allocations.append({'reservation_id': res_id, 'host_id': host,
                                'resource_class': rc, 'amount': amount,
                                'start_date': start, 'end_date': end,
                                'created_at': stamp})
    session.execute(models.Lease.__table__.insert(), leases)
    session.execute(models.Reservation.__table__.insert(), reservations)
    session.execute(models.Allocation.__table__.insert(), allocations)


def _lease(rng, i):
    start = YEAR_START + datetime.timedelta(hours=rng.randrange(8760))
    end = start + datetime.timedelta(hours=rng.randrange(1, 48))
    return {'name': 'bench-%d' % i,
            'start_date': start.strftime('%Y-%m-%d %H:%M'),
            'end_date': end.strftime('%Y-%m-%d %H:%M'),
            'reservations': [{'resource_type': 'virtual:instance',
                              'amount': rng.choice([1, 2, 5]), 'vcpus': 4,
                              'memory_mb': 8192, 'disk_gb': 20,
                              'affinity': rng.choice([None, False])}]}


def run(conf, host_count=1000, reservation_count=10000, samples=200,
        seed=20261121):
    from promise.manager import leases as lease_service
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix='promise-bench-')
    conf.set_override('connection', 'sqlite:///%s' % os.path.join(
        tmp, 'bench.sqlite'), group='database')
    db_api.dispose_engine()
    migration.upgrade('head')
    with db_api.writer() as session:
        host_ids = _hosts(session, host_count)
        _reservations(session, host_ids, reservation_count, rng)
    service = lease_service.LeaseService()
    ctx = promise_context.RequestContext(user_id='u', project_id='p',
                                         roles=['member', 'reader'])
    # The first read fills the manager's calendar cache from the 10,000
    # reservations; it is reported apart from the steady state.
    t0 = time.perf_counter()
    service.availability(ctx, {'reservations': _lease(rng, 0)['reservations'],
                               'duration': '1h', 'limit': 1})
    cold = time.perf_counter() - t0
    # The searches run before the admissions, on the same 10,000
    # reservations the admissions start from.
    searches = []
    for i in range(max(10, samples // 4)):
        body = _lease(rng, i)
        request = {'reservations': body['reservations'],
                   'start_date': body['start_date'], 'duration': '1d',
                   'limit': 1}
        t0 = time.perf_counter()
        service.availability(ctx, request)
        searches.append(time.perf_counter() - t0)
    admissions = []
    for i in range(samples):
        body = _lease(rng, i)
        t0 = time.perf_counter()
        service.create(ctx, body)
        admissions.append(time.perf_counter() - t0)
    # A refusal also works out the largest amount that fits and searches
    # the next window where the whole lease does: it costs more than an
    # admission, and users meet it whenever capacity is short.
    refusals = []
    for i in range(max(10, samples // 10)):
        body = _lease(rng, samples + i)
        body['reservations'][0]['amount'] = 10 ** 5
        t0 = time.perf_counter()
        try:
            service.create(ctx, body)
        except exceptions.CannotBeMet:
            refusals.append(time.perf_counter() - t0)
        else:
            raise RuntimeError('a lease of 100,000 instances was admitted')
    return {'hosts': host_count, 'reservations': reservation_count,
            'database': 'sqlite',
            'cold_cache_fill_ms': round(cold * 1000, 1),
            'lease_admission': engine_bench.summarize(admissions),
            'lease_refusal': engine_bench.summarize(refusals),
            'availability_search': engine_bench.summarize(searches)}
