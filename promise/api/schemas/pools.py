"""Bodies of /v1/pools."""

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^\S(.*\S)?$'}
_DESCRIPTION = {'type': ['string', 'null'], 'maxLength': 65535}
_HOSTS = {'type': 'array', 'uniqueItems': True, 'maxItems': 100000,
          'items': {'type': 'string', 'minLength': 1, 'maxLength': 255}}

# "provider" pools are made by the manager to follow the VIM; users make
# the others.
USER_KINDS = ('custom', 'aggregate', 'zone')

create = {
    'type': 'object',
    'properties': {
        'name': _NAME,
        'kind': {'enum': list(USER_KINDS)},
        'description': _DESCRIPTION,
        'hosts': _HOSTS,
    },
    'required': ['name'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'name': _NAME,
        'description': _DESCRIPTION,
        'hosts': _HOSTS,
    },
    'additionalProperties': False,
    'minProperties': 1,
}
