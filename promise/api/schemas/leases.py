"""Request bodies of /v1/leases (Blazar's, plus Promise's fields)."""

_date = {'type': 'string', 'minLength': 1, 'maxLength': 64}
_duration = {'type': ['string', 'integer'], 'maxLength': 32}

_reservation = {
    'type': 'object',
    'properties': {
        'resource_type': {'type': 'string', 'minLength': 1,
                          'maxLength': 66},
    },
    'required': ['resource_type'],
}

create = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 80},
        'start_date': _date,
        'end_date': _date,
        'before_end_date': {'type': ['string', 'null'], 'maxLength': 64},
        'reservations': {'type': 'array', 'items': _reservation,
                         'maxItems': 100},
        # Blazar clients send an events list; events are derived from the
        # dates, so it is accepted and ignored.
        'events': {'type': 'array'},
    },
    'required': ['name', 'start_date', 'end_date'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 80},
        'start_date': _date,
        'end_date': _date,
        'before_end_date': {'type': ['string', 'null'], 'maxLength': 64},
        'prolong_for': _duration,
        'reduce_by': _duration,
        'reservations': {
            'type': 'array', 'maxItems': 100,
            'items': {'type': 'object',
                      'properties': {'id': {'type': 'string',
                                            'minLength': 1,
                                            'maxLength': 36}},
                      'required': ['id']}},
    },
    'additionalProperties': False,
    'minProperties': 1,
}
