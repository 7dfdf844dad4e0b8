"""Body of POST /v1/subscriptions."""

_ID_LIST = {'type': 'array', 'uniqueItems': True, 'maxItems': 100,
            'items': {'type': 'string', 'minLength': 1, 'maxLength': 36}}

create = {
    'type': 'object',
    'properties': {
        'url': {'type': 'string', 'minLength': 1, 'maxLength': 2048},
        'secret': {'type': ['string', 'null'], 'minLength': 16,
                   'maxLength': 255},
        'filter': {
            'type': 'object',
            'properties': {
                # fnmatch patterns: "*", "?" and "[...]" are wildcards.
                'event_types': {
                    'type': 'array', 'uniqueItems': True, 'minItems': 1,
                    'maxItems': 50,
                    'items': {'type': 'string', 'minLength': 1,
                              'maxLength': 128,
                              'pattern': r'^[A-Za-z0-9_.*?\[\]!-]+$'}},
                'resource_ids': _ID_LIST,
                'resource_types': {
                    'type': 'array', 'uniqueItems': True, 'maxItems': 20,
                    'items': {'type': 'string', 'minLength': 1,
                              'maxLength': 64}},
            },
            'additionalProperties': False,
        },
    },
    'required': ['url'],
    'additionalProperties': False,
}
