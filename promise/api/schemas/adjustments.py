"""Body of POST /v1/capacity/adjustments."""
create = {
    'type': 'object',
    'properties': {
        'host': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'pool': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'amounts': {'type': 'object',
                    'patternProperties': {
                        '^[A-Z][A-Z0-9_]*$': {'type': 'integer'}},
                    'additionalProperties': False},
        'downtime': {'type': 'boolean'},
        'start_date': {'type': 'string', 'maxLength': 64},
        'end_date': {'type': ['string', 'null'], 'maxLength': 64},
        'reason': {'type': 'string', 'maxLength': 1024},
        'force': {'type': 'boolean'},
    },
    'oneOf': [{'required': ['host']}, {'required': ['pool']}],
    'additionalProperties': False,
}
