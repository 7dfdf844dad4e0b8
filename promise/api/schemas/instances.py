"""Body of POST /v1/instances (seed: create-instance)."""

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}

create = {
    'type': 'object',
    'properties': {
        'name': _NAME,
        'flavor': _NAME,
        'provider_id': _NAME,
        'image': _NAME,
        'networks': {
            'type': 'array', 'maxItems': 20,
            'items': {'oneOf': [
                _NAME,
                {'type': 'object', 'maxProperties': 10,
                 'properties': {'uuid': _NAME, 'port': _NAME,
                                'fixed_ip': _NAME}}]}},
        'reservation_id': {'type': 'string', 'minLength': 1,
                           'maxLength': 36},
        'preemptible': {'type': 'boolean'},
        # Passed to the VIM with the server; "ha_group" (comma separated)
        # names the anti-affinity groups placement policies read.
        'metadata': {'type': 'object', 'maxProperties': 20,
                     'propertyNames': {'maxLength': 255,
                                       'pattern': '^(?!promise_)'},
                     'additionalProperties': {'type': 'string',
                                              'maxLength': 255}},
    },
    'required': ['name', 'flavor'],
    'additionalProperties': False,
}
