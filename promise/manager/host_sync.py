"""Bring the hosts the VIM reports into the database."""
from oslo_db import exception as db_exc
from oslo_log import log as logging

from promise import notifications
from promise.db import api as db_api

LOG = logging.getLogger(__name__)


def inventories_of(info):
    """Inventories of a hypervisor, per resource class.

    INSTANCES counts virtual machines; a host takes at most one per vCPU,
    which is what amount reservations in "instances" are checked against.
    """
    ratios = info.allocation_ratios or {}
    totals = {'VCPU': info.vcpus, 'MEMORY_MB': info.memory_mb,
              'DISK_GB': info.local_gb, 'INSTANCES': info.vcpus}
    return [{'resource_class': rc, 'total': total,
             'allocation_ratio': float(ratios.get(rc, 1.0)),
             'reserved': 0, 'min_unit': 1, 'step_size': 1,
             'max_unit': total}
            for rc, total in totals.items() if total]


def _created(session, host_id):
    notifications.host(session, 'host.create', host_id)


def _pool_changed(session, pool_id, created):
    notifications.pool(session, 'pool.create' if created else 'pool.update',
                       pool_id)


def sync_hosts(driver, context=None, provider_id=None):
    """Create the hosts the database lacks, as hosts of ``provider_id``.
    Returns how many were added."""
    known = {h.hypervisor_hostname for h in db_api.host_list(context)}
    added = 0
    for info in driver.list_hosts():
        if info.hypervisor_hostname in known:
            continue
        values = {'hypervisor_hostname': info.hypervisor_hostname,
                  'hypervisor_type': info.hypervisor_type,
                  'hypervisor_version': info.hypervisor_version,
                  'service_name': info.service_name,
                  'vcpus': info.vcpus, 'memory_mb': info.memory_mb,
                  'local_gb': info.local_gb,
                  'availability_zone': info.availability_zone,
                  'state': info.state, 'provider_id': provider_id}
        try:
            db_api.host_create(context, values, inventories_of(info),
                               info.properties, on_created=_created)
            added += 1
        except db_exc.DBDuplicateEntry:
            # Another manager added it first.
            pass
    if added:
        LOG.info('Added %d hosts reported by the VIM', added)
    return added


def sync_pools(context=None):
    """Keep the pools that follow the topology: "all" (every host) and one
    per availability zone. Pools an operator made are left alone."""
    from promise.conf import CONF
    hosts = db_api.host_list(context)
    wanted = {CONF.reservation.default_pool: ('provider',
                                              {h.id for h in hosts})}
    for host in hosts:
        if host.availability_zone:
            wanted.setdefault(host.availability_zone,
                              ('zone', set()))[1].add(host.id)
    for name, (kind, host_ids) in wanted.items():
        try:
            db_api.pool_sync(context, name, kind, host_ids,
                             on_changed=_pool_changed)
        except db_exc.DBDuplicateEntry:
            pass
