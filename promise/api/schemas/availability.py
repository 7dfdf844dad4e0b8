"""Body of POST /v1/availability."""
search = {
    'type': 'object',
    'properties': {
        'reservations': {
            'type': 'array', 'minItems': 1, 'maxItems': 100,
            'items': {'type': 'object',
                      'properties': {'resource_type': {'type': 'string',
                                                       'minLength': 1}},
                      'required': ['resource_type']}},
        'start_date': {'type': 'string', 'maxLength': 64},
        'end_date': {'type': 'string', 'maxLength': 64},
        'duration': {'type': ['string', 'integer'], 'maxLength': 32},
        'limit': {'type': 'integer', 'minimum': 1, 'maximum': 20},
    },
    'required': ['reservations'],
    'additionalProperties': False,
}
