"""Nova's versioned notifications, translated into VIMEvents.

Nova emits each notification as an oslo.messaging message whose payload is
a serialized versioned object::

    {"nova_object.name": "InstanceActionPayload",
     "nova_object.namespace": "nova",
     "nova_object.version": "1.8",
     "nova_object.data": {"uuid": ..., "host": ..., "node": ...,
                          "state": "active", "task_state": null,
                          "fault": null | {"nova_object.data": {...}},
                          "flavor": {"nova_object.data": {...}}, ...}}

Only the fields the contract needs are read, by name, so newer minor
versions of the payloads translate unchanged.
"""
import datetime

from oslo_utils import timeutils

from promise.vim import base
from promise.vim import nova_states

# Nova's failed live migration ends with a rollback; an aborted one (the
# user's doing) with an abort. Both leave the server on its source host.
LIVE_MIGRATION_ROLLBACK_END = 'instance.live_migration_rollback.end'
# The destination's end of a live migration names the new host; the
# source's instance.live_migration_post.end, emitted after it, still
# carries the source host and the "migrating" task state, so it is not
# read.
LIVE_MIGRATION_POST_DEST_END = 'instance.live_migration_post_dest.end'
# The conductor's failures: no valid host for a boot (no instance.create.*
# then) or for a migration.
BUILD_INSTANCES_ERROR = 'compute_task.build_instances.error'
MIGRATE_SERVER_ERROR = 'compute_task.migrate_server.error'

_INSTANCE_EVENTS = {
    base.INSTANCE_CREATE_END: base.INSTANCE_CREATE_END,
    base.INSTANCE_CREATE_ERROR: base.INSTANCE_CREATE_ERROR,
    base.INSTANCE_DELETE_END: base.INSTANCE_DELETE_END,
    base.INSTANCE_UPDATE: base.INSTANCE_UPDATE,
    base.INSTANCE_SHELVE_END: base.INSTANCE_SHELVE_END,
    LIVE_MIGRATION_POST_DEST_END: base.INSTANCE_LIVE_MIGRATION_END,
    base.INSTANCE_LIVE_MIGRATION_ERROR: base.INSTANCE_LIVE_MIGRATION_ERROR,
    LIVE_MIGRATION_ROLLBACK_END: base.INSTANCE_LIVE_MIGRATION_ERROR,
}
_TASK_EVENTS = {
    BUILD_INSTANCES_ERROR: base.INSTANCE_CREATE_ERROR,
    MIGRATE_SERVER_ERROR: base.INSTANCE_LIVE_MIGRATION_ERROR,
}

# The state an event leaves the server in, whatever the payload's vm_state
# says at the moment it was emitted.
_FINAL_STATES = {
    base.INSTANCE_CREATE_ERROR: base.ERROR,
    base.INSTANCE_DELETE_END: base.DELETED,
    base.INSTANCE_SHELVE_END: base.SHELVED,
}

# Event types the listener asks the broker for: a filter on the consumer
# side, so other notifications are acknowledged without being decoded.
EVENT_TYPES = tuple(sorted(set(_INSTANCE_EVENTS) | set(_TASK_EVENTS) |
                           {base.SERVICE_UPDATE}))
COMPUTE_BINARY = 'nova-compute'


def object_data(obj):
    """The fields of a serialized versioned object (or of a plain dict)."""
    if isinstance(obj, dict) and 'nova_object.data' in obj:
        return obj['nova_object.data'] or {}
    return obj if isinstance(obj, dict) else {}


def _timestamp(metadata):
    stamp = (metadata or {}).get('timestamp')
    if not stamp:
        return None
    try:
        when = timeutils.parse_isotime(stamp) if 'T' in stamp else \
            datetime.datetime.strptime(stamp, '%Y-%m-%d %H:%M:%S.%f')
    except ValueError:
        return None
    return timeutils.normalize_time(when)


def _instance_event(event_type, data):
    state = _FINAL_STATES.get(event_type) or nova_states.server_state(
        data.get('state'), data.get('task_state'))
    host = data.get('node') or data.get('host')
    if event_type == base.INSTANCE_SHELVE_END:
        # Offloaded: the server no longer holds a host.
        host = None
    return dict(server_id=data.get('uuid'), host=host, state=state,
                fault=nova_states.fault_message(data.get('fault')))


def _task_event(event_type, data):
    """A ComputeTaskPayload: the conductor gave up on a server."""
    state = base.ERROR if event_type == BUILD_INSTANCES_ERROR else \
        nova_states.server_state(data.get('state'))
    return dict(server_id=data.get('instance_uuid'), state=state,
                fault=nova_states.fault_message(data.get('reason')))


def _service_event(data):
    # Nova only says whether the service is forced down; a service that
    # stopped reporting is noticed when the services are listed.
    disabled = bool(data.get('disabled'))
    payload = dict(data)
    payload.update(status='disabled' if disabled else 'enabled',
                   reason=data.get('disabled_reason'))
    return dict(host=data.get('host'),
                state='down' if data.get('forced_down') else 'up',
                payload=payload)


def translate(event_type, payload, metadata=None, nodes_of=None):
    """The VIMEvent of one Nova notification, or None when it is not one
    the contract knows (including services other than nova-compute).

    ``nodes_of(service_host)`` may name the hypervisors a compute service
    runs, so that a service event names its hypervisor as ServiceInfo
    does.
    """
    data = object_data(payload)
    if event_type in _INSTANCE_EVENTS or event_type in _TASK_EVENTS:
        if event_type in _INSTANCE_EVENTS:
            fields = _instance_event(event_type, data)
            fields['event_type'] = _INSTANCE_EVENTS[event_type]
        else:
            fields = _task_event(event_type, data)
            fields['event_type'] = _TASK_EVENTS[event_type]
        if not fields['server_id']:
            return None
        fields['payload'] = dict(data, nova_event_type=event_type)
    elif event_type == base.SERVICE_UPDATE:
        if data.get('binary') != COMPUTE_BINARY or not data.get('host'):
            return None
        fields = _service_event(data)
        nodes = list(nodes_of(fields['host']) if nodes_of else ())
        if len(nodes) == 1:
            fields['host'] = nodes[0]
        fields['event_type'] = base.SERVICE_UPDATE
    else:
        return None
    when = _timestamp(metadata)
    if when is not None:
        fields['timestamp'] = when
    return base.VIMEvent(**fields)
