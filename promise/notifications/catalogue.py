"""Every event type Promise sends, with what it is about.

The catalogue is the reference that subscription filters are checked
against and that the user documentation lists: an event type missing here
cannot be recorded.
"""
import collections
import fnmatch

EventType = collections.namedtuple(
    'EventType', 'name resource_type priority cloud description')

# Cloud events describe the capacity of the whole cloud: subscriptions
# granted "cloud_events" receive them whatever project caused them.
_TYPES = [
    ('lease.create.end', 'lease', 'INFO', False, 'A lease was admitted.'),
    ('lease.update.end', 'lease', 'INFO', False,
     'A lease was changed (dates, name or reservations).'),
    ('lease.delete.end', 'lease', 'INFO', False, 'A lease was deleted.'),
    ('lease.start', 'lease', 'INFO', False, 'A lease started.'),
    ('lease.before_end', 'lease', 'INFO', False,
     'The before_end_date of a lease was reached.'),
    ('lease.end', 'lease', 'INFO', False, 'A lease ended.'),
    ('lease.degraded', 'lease', 'WARN', False,
     'A lease lost capacity that no other host could give back.'),
    ('lease.healed', 'lease', 'INFO', False,
     'A degraded lease has all its capacity again.'),
    ('reservation.create.end', 'reservation', 'INFO', False,
     'A reservation was made, with the lease that holds it.'),
    ('reservation.update.end', 'reservation', 'INFO', False,
     'The lease of a reservation was changed.'),
    ('reservation.delete.end', 'reservation', 'INFO', False,
     'A reservation was deleted with its lease.'),
    ('reservation.start', 'reservation', 'INFO', False,
     'The lease of a reservation started.'),
    ('reservation.before_end', 'reservation', 'INFO', False,
     'The before_end_date of the lease of a reservation was reached.'),
    ('reservation.end', 'reservation', 'INFO', False,
     'The lease of a reservation ended.'),
    ('reservation.degraded', 'reservation', 'WARN', False,
     'The lease of a reservation was degraded.'),
    ('reservation.healed', 'reservation', 'INFO', False,
     'The lease of a reservation is no longer degraded.'),
    ('reservation.moved', 'reservation', 'INFO', False,
     'A capacity change moved a reservation to other hosts.'),
    ('capacity.adjustment.create', 'capacity_adjustment', 'INFO', True,
     'Capacity was added or taken away for a window (planned upgrade, '
     'planned downtime).'),
    ('capacity.adjustment.delete', 'capacity_adjustment', 'INFO', True,
     'A capacity adjustment was cancelled.'),
    ('host.create', 'host', 'INFO', True,
     'A host was registered, through the API or when the manager '
     'synchronised the hosts the VIM reports.'),
    ('host.update', 'host', 'INFO', True,
     'The extra capabilities of a host, or whether it takes reservations, '
     'changed.'),
    ('host.delete', 'host', 'INFO', True, 'A host was deleted.'),
    ('pool.create', 'pool', 'INFO', True, 'A pool was created.'),
    ('pool.update', 'pool', 'INFO', True,
     'A pool was renamed, described or given other hosts.'),
    ('pool.delete', 'pool', 'INFO', True, 'A pool was deleted.'),
    ('placement.violation.start', 'placement_policy', 'WARN', True,
     'A placement policy is violated: a new row in its error table.'),
    ('placement.violation.end', 'placement_policy', 'INFO', True,
     'A violation of a placement policy cleared.'),
    ('host.down', 'host', 'WARN', True,
     'The VIM reports a host down; its reservations are moved or '
     'degraded.'),
    ('host.up', 'host', 'INFO', True, 'The VIM reports a host up again.'),
    ('instance.create', 'instance', 'INFO', False,
     'An instance was accepted (INITIALIZED) and its boot asked of the '
     'VIM.'),
    ('instance.update', 'instance', 'INFO', False,
     'The status of an instance changed (BUILDING, ACTIVE, ERROR, '
     'DELETING, SHELVED) or it moved to another host.'),
    ('instance.delete', 'instance', 'INFO', False,
     'The VIM deleted an instance; its capacity is free again.'),
    ('instance.preempt.warning', 'instance', 'WARN', False,
     'A preemptible instance will be evicted after the grace period, '
     'because the reservation whose capacity it uses starts.'),
]

EVENT_TYPES = {name: EventType(name, rtype, priority, cloud, description)
               for name, rtype, priority, cloud, description in _TYPES}

RESOURCE_TYPES = tuple(sorted({t.resource_type
                               for t in EVENT_TYPES.values()}))


def get(name):
    """The catalogue entry of an event type, or KeyError."""
    return EVENT_TYPES[name]


def is_cloud(name):
    entry = EVENT_TYPES.get(name)
    return bool(entry and entry.cloud)


def matching(pattern):
    """Event types a filter pattern (fnmatch wildcards) selects."""
    return [name for name in EVENT_TYPES
            if fnmatch.fnmatchcase(name, pattern)]
