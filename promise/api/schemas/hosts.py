"""Bodies of /v1/os-hosts.

Blazar takes extra capabilities as top-level keys next to "name", so the
schemas constrain the names and values of unknown keys rather than list
them.
"""

# Keys a host view shows from the host itself: the VIM owns them, and an
# extra capability of the same name would shadow the real value.
READ_ONLY = frozenset((
    'id', 'hypervisor_hostname', 'hypervisor_type', 'hypervisor_version',
    'vcpus', 'cpu_info', 'memory_mb', 'local_gb', 'service_name',
    'availability_zone', 'state', 'status', 'trust_id', 'created_at',
    'updated_at', 'generation', 'provider_id',
))

_CAPABILITY_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                    'pattern': r'^\S(.*\S)?$'}

_CAPABILITY_VALUE = {'type': ['string', 'number', 'boolean'],
                     'maxLength': 65535}

create = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'reservable': {'type': 'boolean'},
    },
    'required': ['name'],
    'propertyNames': _CAPABILITY_NAME,
    'additionalProperties': _CAPABILITY_VALUE,
}

update = {
    'type': 'object',
    'properties': {
        'reservable': {'type': 'boolean'},
        # The name is the VIM's; Blazar clients never send it here.
        'name': False,
    },
    'propertyNames': _CAPABILITY_NAME,
    # null removes a capability.
    'additionalProperties': {'anyOf': [_CAPABILITY_VALUE,
                                       {'type': 'null'}]},
    'minProperties': 1,
}
