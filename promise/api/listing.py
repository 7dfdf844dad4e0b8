"""Query parameters shared by list routes: limit, marker, sort."""
from promise import exceptions
from promise.conf import CONF

_TRUE = ('1', 'true', 'yes', 'on')
_FALSE = ('0', 'false', 'no', 'off', '')


class ListQuery:
    def __init__(self, params, sort_keys, extra=()):
        known = {'limit', 'marker', 'sort_key', 'sort_dir'} | set(extra)
        unknown = sorted(set(params) - known)
        if unknown:
            raise exceptions.BadRequest(
                reason='unknown query parameter(s): %s' % ', '.join(unknown))
        self.params = params
        self.limit = self._limit(params.get('limit'))
        self.marker = params.get('marker') or None
        self.sort_key = params.get('sort_key') or sort_keys[0]
        if self.sort_key not in sort_keys:
            raise exceptions.BadRequest(
                reason='sort_key must be one of %s' % ', '.join(sort_keys))
        self.sort_dir = (params.get('sort_dir') or 'asc').lower()
        if self.sort_dir not in ('asc', 'desc'):
            raise exceptions.BadRequest(reason='sort_dir must be asc or desc')

    @staticmethod
    def _limit(value):
        if value in (None, ''):
            return CONF.api.max_limit
        try:
            limit = int(value)
        except ValueError:
            raise exceptions.BadRequest(reason='limit must be an integer')
        if limit < 1:
            raise exceptions.BadRequest(reason='limit must be positive')
        return min(limit, CONF.api.max_limit)

    def flag(self, name):
        value = str(self.params.get(name) or '').lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise exceptions.BadRequest(reason='%s must be true or false' % name)
