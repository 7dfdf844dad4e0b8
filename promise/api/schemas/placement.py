"""Bodies of the placement policy, audit and simulation requests."""

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_RULE_TEXT = {'type': 'string', 'minLength': 1, 'maxLength': 65535}

rule = {
    'type': 'object',
    'properties': {
        'rule': _RULE_TEXT,
        'name': {'type': ['string', 'null'], 'maxLength': 255},
        'comment': {'type': ['string', 'null'], 'maxLength': 65535},
    },
    'required': ['rule'],
    'additionalProperties': False,
}

policy = {
    'type': 'object',
    'properties': {
        'name': dict(_NAME, pattern=r'^[A-Za-z0-9_.:-]+$'),
        'description': {'type': ['string', 'null'], 'maxLength': 65535},
        'hard': {'type': 'boolean'},
        'proactive': {'type': 'boolean'},
        'rules': {'type': 'array', 'maxItems': 200, 'items': rule},
    },
    'required': ['name'],
    'additionalProperties': False,
}

_NAMES = {'type': 'array', 'maxItems': 10000, 'uniqueItems': True,
          'items': _NAME}

simulate = {
    'type': 'object',
    'properties': {
        'moves': {
            'type': 'array', 'maxItems': 10000,
            'items': {'type': 'object',
                      'properties': {'vm': _NAME, 'to': _NAME},
                      'required': ['vm', 'to'],
                      'additionalProperties': False}},
        'changes': {
            'type': 'array', 'maxItems': 10000,
            'items': {'type': 'object',
                      'properties': {
                          'op': {'enum': ['insert', 'delete']},
                          'table': _NAME,
                          'row': {'type': 'array', 'maxItems': 32,
                                  'items': {'type': ['string', 'number']}}},
                      'required': ['table', 'row'],
                      'additionalProperties': False}},
    },
    'additionalProperties': False,
}

audit = {
    'type': 'object',
    'properties': {
        'policies': _NAMES,
        'scope': {
            'type': 'object',
            'properties': {
                'mode': {'enum': ['violating', 'all']},
                'vms': _NAMES,
                'targets': _NAMES,
            },
            'additionalProperties': False,
        },
        'tie_break': {'enum': ['pack', 'spread', 'none']},
        'time_limit': {'type': 'number', 'exclusiveMinimum': 0,
                       'maximum': 600},
    },
    'additionalProperties': False,
}

check = {
    'type': 'object',
    'properties': {
        'vcpus': {'type': 'integer', 'minimum': 0, 'maximum': 100000},
        'memory_mb': {'type': 'integer', 'minimum': 0,
                      'maximum': 1000000000},
        'disk_gb': {'type': 'integer', 'minimum': 0, 'maximum': 1000000000},
        'ha_groups': {'type': 'array', 'maxItems': 20, 'uniqueItems': True,
                      'items': _NAME},
    },
    'required': ['vcpus', 'memory_mb'],
    'additionalProperties': False,
}
