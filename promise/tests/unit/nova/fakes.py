"""What the nova-side tests share: calendar documents and host states.

Nothing here loads Promise's configuration: filter_cases imports this
next to nova.conf, and both register options on the global CONF.
"""
import math

from promise.engine import Timeline

CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB', 'INSTANCES']
NOW = 1_900_000_000.0


class HostState:
    """The attributes of nova's HostState the filter reads."""

    def __init__(self, nodename, vcpus_used=0, ram_used=0, disk_used=0,
                 instances=0, vcpus_total=64, ram_total=65536,
                 disk_total=1000):
        self.nodename = nodename
        self.host = nodename
        self.vcpus_total = vcpus_total
        self.vcpus_used = vcpus_used
        self.total_usable_ram_mb = ram_total
        self.free_ram_mb = ram_total - ram_used
        self.total_usable_disk_gb = disk_total
        self.disk_mb_used = disk_used * 1024
        # As drivers report it: lower than what was handed out.
        self.free_disk_mb = 0
        self.num_instances = instances
        self.cpu_allocation_ratio = 1.0
        self.ram_allocation_ratio = 1.0
        self.disk_allocation_ratio = 1.0

    @classmethod
    def sized(cls, nodename, capacity, **used):
        return cls(nodename, vcpus_total=capacity['VCPU'],
                   ram_total=capacity['MEMORY_MB'],
                   disk_total=capacity['DISK_GB'], **used)


def arrays(timeline, start):
    """The manager's wire form of a step function (test_calendar checks
    that calendar_endpoint writes the same)."""
    steps = timeline.steps(start, math.inf)
    if not any(v for _, row in steps for v in row.values()):
        return None
    return ([t for t, _ in steps],
            [[row.get(rc, 0) for _, row in steps] for rc in CLASSES])


def host_entry(capacity, reserved=None, taken=None, now=NOW):
    """A host of the calendar document, from engine Timelines."""
    entry = {'capacity': [capacity.get(rc) for rc in CLASSES]}
    for key, times_key, timeline in (('reserved', 't', reserved),
                                     ('taken', 't_taken', taken)):
        if timeline is None:
            continue
        found = arrays(timeline, now)
        if found is not None:
            entry[times_key], entry[key] = found
    return entry


def timeline(*claims):
    """Timeline of (start, end, amounts) claims, times relative to NOW."""
    tl = Timeline()
    for start, end, amounts in claims:
        tl.add(NOW + start, NOW + end if end != math.inf else math.inf,
               amounts)
    return tl


def document(hosts, reservations=None, now=NOW):
    return {'format': 1, 'now': now, 'classes': CLASSES, 'hosts': hosts,
            'reservations': reservations or {}}
