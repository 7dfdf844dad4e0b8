"""From API answers to the timeline picture of chart.py."""
import datetime

from promise.dashboard import api
from promise.dashboard import chart

CLASSES = ('VCPU', 'MEMORY_MB', 'DISK_GB', 'INSTANCES')


def points(capacity, resource_class):
    """Chart points from a /v1/capacity answer with its timeline."""
    out = []
    for entry in capacity.get('timeline') or []:
        figures = (entry.get('resources') or {}).get(resource_class)
        if figures is None:
            continue
        out.append(chart.Point(api.parse_date(entry['time']),
                               figures.get('total', 0),
                               figures.get('reserved', 0),
                               figures.get('used', 0)))
    return out


def _lease_index(leases):
    return {ls['id']: ls for ls in leases}


def host_bars(allocations, host_ids, leases):
    """A bar per reservation holding one of ``host_ids``, named after
    its lease (/v1/os-hosts/allocations)."""
    index = _lease_index(leases)
    seen, out = set(), []
    for alloc in allocations:
        if alloc['resource_id'] not in host_ids:
            continue
        for res in alloc.get('reservations') or []:
            if res['id'] in seen:
                continue
            seen.add(res['id'])
            lease = index.get(res['lease_id'], {})
            kind = next((r.get('resource_type') for r in
                         lease.get('reservations') or []
                         if r.get('id') == res['id']), '')
            out.append(chart.Bar(lease.get('name') or res['lease_id'],
                                 api.parse_date(res['start_date']),
                                 api.parse_date(res['end_date']),
                                 lease.get('status', ''), kind))
    return out


def pool_bars(pool, leases, include_all):
    """A bar per amount (capacity) reservation held in ``pool``; every
    one of them when ``include_all`` (the pool of every host)."""
    out = []
    names = {pool['id'], pool['name']}
    for lease in leases:
        for res in lease.get('reservations') or []:
            if res.get('resource_type') != 'capacity':
                continue
            if not include_all and res.get('pool') not in names:
                continue
            amounts = ', '.join('%s=%s' % (k, res[k]) for k in
                                ('cores', 'ram', 'instances') if res.get(k))
            out.append(chart.Bar(lease['name'],
                                 api.parse_date(lease['start_date']),
                                 api.parse_date(lease['end_date']),
                                 lease.get('status', ''),
                                 'capacity %s' % amounts))
    return out


def build(request, scope, name, start, end, resource_class):
    """The SVG of one host's or one pool's timeline."""
    leases = api.lease_list(request, start_date=start.strftime(
        api.DATE_FORMAT), end_date=end.strftime(api.DATE_FORMAT))
    allocations = api.host_allocations(request)
    if scope == 'host':
        hosts = [h for h in api.host_list(request)
                 if name in (h['id'], h['hypervisor_hostname'])]
        capacity = api.capacity_timeline(request, start, end,
                                         resource_class, host=name)
        bars = host_bars(allocations, {h['id'] for h in hosts}, leases)
        title = '%s of host %s' % (resource_class, name)
    else:
        pool = api.pool_get(request, name)
        capacity = api.capacity_timeline(request, start, end,
                                         resource_class, pool=name)
        bars = host_bars(allocations, set(pool['hosts']), leases) + \
            pool_bars(pool, leases, pool.get('kind') == 'provider')
        title = '%s of pool %s (%d hosts)' % (resource_class, pool['name'],
                                             len(pool['hosts']))
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return chart.render(title, resource_class, start, end,
                        points(capacity, resource_class), bars, now=now)
