"""Blazar's own lease admission, run in-process in Blazar's virtualenv.

``python blazar_driver.py --config-file blazar.conf --data data.json
--output result.json`` (the interpreter of the virtualenv Blazar is
installed in; this file imports Blazar and nothing of Promise).

Loads the hosts and existing physical:host reservations of data.json
into Blazar's tables, then creates the requested leases through
``ManagerService.create_lease``: Blazar's validation, host matching and
free-period search of its oshosts plugin, allocation writes and events.
Two calls leave the machine in a real deployment and are replaced by
stand-ins that return at once, which only makes Blazar faster than it is:
the Keystone trust lookup and the Nova aggregate creation.
"""
import argparse
import datetime
import itertools
import json
import subprocess
import sys
import threading
import time
import types
import uuid

NOW = datetime.datetime(2026, 1, 1)
# What Keystone hands the API with a token; only read, never called.
CATALOG = [{'type': 'identity', 'name': 'keystone', 'endpoints': [
    {'interface': interface, 'region': 'RegionOne',
     'url': 'http://127.0.0.1:5000/v3'}
    for interface in ('public', 'internal', 'admin')]}]
# Why Blazar refused leases: exception name -> last message.
REFUSALS = {}


def _date(text):
    return datetime.datetime.strptime(text, '%Y-%m-%d %H:%M')


def load(data):
    from blazar.db.sqlalchemy import facade_wrapper
    from blazar.db.sqlalchemy import models
    hosts, existing = data['hosts'], data['existing']
    host_ids = [str(uuid.uuid4()) for _ in hosts]
    leases, reservations, host_res, allocations = [], [], [], []
    for n, (index, start, end) in enumerate(existing):
        lease_id, res_id, hr_id = (str(uuid.uuid4()) for _ in range(3))
        leases.append({'id': lease_id, 'name': 'existing-%d' % n,
                       'user_id': 'u', 'project_id': 'p',
                       'start_date': _date(start), 'end_date': _date(end),
                       'trust_id': 't', 'status': 'PENDING',
                       'degraded': False, 'created_at': NOW})
        reservations.append({'id': res_id, 'lease_id': lease_id,
                             'resource_id': hr_id,
                             'resource_type': 'physical:host',
                             'status': 'pending',
                             'missing_resources': False,
                             'resources_changed': False,
                             'created_at': NOW})
        host_res.append({'id': hr_id, 'reservation_id': res_id,
                         'aggregate_id': n, 'resource_properties': '',
                         'hypervisor_properties': '', 'count_range': '1-1',
                         'before_end': 'default', 'status': 'pending',
                         'created_at': NOW})
        allocations.append({'id': str(uuid.uuid4()),
                            'compute_host_id': host_ids[index],
                            'reservation_id': res_id, 'created_at': NOW})
    rows = [{'id': host_ids[i], 'vcpus': h['vcpus'], 'cpu_info': '{}',
             'hypervisor_type': 'QEMU', 'hypervisor_version': 1,
             'hypervisor_hostname': h['name'], 'service_name': h['name'],
             'memory_mb': h['memory_mb'], 'local_gb': h['local_gb'],
             'availability_zone': 'nova', 'trust_id': 't',
             'reservable': True, 'created_at': NOW}
            for i, h in enumerate(hosts)]
    with facade_wrapper.session_for_write() as session:
        for model, values in ((models.ComputeHost, rows),
                              (models.Lease, leases),
                              (models.Reservation, reservations),
                              (models.ComputeHostReservation, host_res),
                              (models.ComputeHostAllocation, allocations)):
            for chunk in range(0, len(values), 2000):
                session.execute(model.__table__.insert(),
                                values[chunk:chunk + 2000])


def stand_ins():
    """Replace the two calls that leave the machine."""
    from blazar import context
    from blazar.utils import trusts
    from blazar.utils.openstack import nova

    def ctx_from_trust(trust_id):
        current = context.current()
        return context.BlazarContext(user_id=current.user_id,
                                     project_id=current.project_id,
                                     service_catalog=CATALOG)

    aggregate_ids = itertools.count(10 ** 6)

    class ReservationPool:
        def create(self, name=None, az=None, metadata=None):
            return types.SimpleNamespace(id=next(aggregate_ids), name=name)

    trusts.create_ctx_from_trust = ctx_from_trust
    nova.ReservationPool = ReservationPool


def lease_values(name, start, end, count):
    return {'name': name, 'start_date': start, 'end_date': end,
            'trust_id': 'trust', 'user_id': 'u', 'project_id': 'p',
            'events': [],
            'reservations': [{'resource_type': 'physical:host',
                              'min': count, 'max': count,
                              'hypervisor_properties': '',
                              'resource_properties': ''}]}


def admit(manager, name, start, end, count):
    """Seconds taken and whether Blazar admitted the lease."""
    from blazar import context
    from blazar import exceptions
    t0 = time.perf_counter()
    with context.BlazarContext(user_id='u', project_id='p',
                               service_catalog=CATALOG):
        try:
            manager.create_lease(lease_values(name, start, end, count))
            ok = True
        except exceptions.BlazarException as exc:
            ok = False
            REFUSALS[type(exc).__name__] = str(exc)
    return time.perf_counter() - t0, ok


def double_bookings():
    """Pairs of overlapping physical:host reservations on one host."""
    from blazar.db.sqlalchemy import facade_wrapper
    import sqlalchemy as sa
    sql = '''
SELECT COUNT(*) FROM computehost_allocations a
JOIN reservations ra ON ra.id = a.reservation_id
JOIN leases la ON la.id = ra.lease_id
JOIN computehost_allocations b ON b.compute_host_id = a.compute_host_id
                              AND b.reservation_id > a.reservation_id
JOIN reservations rb ON rb.id = b.reservation_id
JOIN leases lb ON lb.id = rb.lease_id
WHERE la.start_date < lb.end_date AND lb.start_date < la.end_date'''
    with facade_wrapper.session_for_read() as session:
        return session.execute(sa.text(sql)).scalar()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument('--config-file', required=True)
    parser.add_argument('--data', required=True)
    parser.add_argument('--output', required=True)
    args = parser.parse_args(argv)
    bindir = sys.executable.rsplit('/', 1)[0]
    subprocess.run([bindir + '/blazar-db-manage', '--config-file',
                    args.config_file, 'upgrade', 'head'], check=True,
                   capture_output=True)

    from blazar.manager import service
    from blazar.notification import notifier
    from oslo_config import cfg
    cfg.CONF(['--config-file', args.config_file], project='blazar')
    # As blazar-manager starts; the noop driver of the config sends nothing.
    notifier.init()
    with open(args.data) as f:
        data = json.load(f)
    t0 = time.perf_counter()
    load(data)
    loaded = time.perf_counter() - t0
    stand_ins()
    manager = service.ManagerService()

    samples, admitted = [], 0
    for i, (start, end, count) in enumerate(data['requests']):
        seconds, ok = admit(manager, 'bench-%d' % i, start, end, count)
        samples.append(seconds)
        admitted += ok
    result = {'load_seconds': round(loaded, 2), 'samples': samples,
              'admitted': admitted,
              'double_bookings_sequential': double_bookings()}

    race = data['race']
    outcomes = []
    barrier = threading.Barrier(race['clients'])

    def racer(i):
        barrier.wait()
        outcomes.append(admit(manager, 'race-%d' % i, race['start'],
                              race['end'], race['count']))

    threads = [threading.Thread(target=racer, args=(i,))
               for i in range(race['clients'])]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result['race'] = {
        'seconds': time.perf_counter() - t0,
        'admitted': sum(ok for _, ok in outcomes),
        'double_bookings': double_bookings() -
        result['double_bookings_sequential']}
    result['refusals'] = REFUSALS
    with open(args.output, 'w') as f:
        json.dump(result, f)
    return 0


if __name__ == '__main__':
    sys.exit(main())
