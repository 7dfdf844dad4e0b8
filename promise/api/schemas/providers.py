"""Body of POST /v1/providers."""

create = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': r'^[A-Za-z0-9][A-Za-z0-9_.-]*$'},
        'driver': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'config': {'type': 'object', 'maxProperties': 50},
    },
    'required': ['name', 'driver'],
    'additionalProperties': False,
}
