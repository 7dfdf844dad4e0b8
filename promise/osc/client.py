"""A small client of the v1 API over a keystoneauth1 Adapter."""
from keystoneauth1 import exceptions as ks_exceptions
from osc_lib import exceptions


class ApiError(exceptions.CommandError):
    """An error answer, shown by OSC as one line."""

    def __init__(self, status, name, message, body=None):
        self.status = status
        self.name = name
        self.body = body or {}
        super().__init__(self._line(status, name, message, self.body))

    @staticmethod
    def _line(status, name, message, body):
        line = '%s (HTTP %s): %s' % (name or 'Error', status, message)
        if name == 'CannotBeMet':
            line += ' ' + cannot_be_met_hint(body)
        elif name == 'AdjustmentConflict':
            # The API names its body field; here the option is the way.
            line = line.replace('give force: true', 'give --force')
        # A multi-line message would be cut by OSC's log formatting.
        return ' '.join(line.split())


def _amount(value):
    if isinstance(value, dict):
        return ', '.join('%s=%s' % kv for kv in sorted(value.items()))
    return str(value)


def max_reservable(entry):
    """One reservation's largest amount that fits, as the CLI shows it."""
    return '#%s %s %s' % (entry.get('index'), entry.get('resource_type'),
                          _amount(entry.get('max')))


def cannot_be_met_hint(body):
    parts = []
    maxima = body.get('max_reservable') or []
    if maxima:
        parts.append('Max reservable: %s.' % '; '.join(
            max_reservable(m) for m in maxima))
    window = body.get('next_window')
    if window:
        parts.append('Next window: %s to %s.' % (
            short_date(window.get('start_date')),
            short_date(window.get('end_date'))))
    else:
        parts.append('Next window: none.')
    return ' '.join(parts)


def short_date(value):
    # The API answers with microseconds; minutes are what users type.
    if not value:
        return value
    return value.replace('T', ' ')[:16]


class Client:
    """Requests relative to the v1 root of the reservation endpoint."""

    def __init__(self, adapter):
        self.adapter = adapter

    @property
    def base_url(self):
        endpoint = self.adapter.get_endpoint()
        if not endpoint:
            raise exceptions.CommandError(
                'no reservation endpoint: give --os-endpoint or a catalog '
                'with a "reservation" service')
        endpoint = endpoint.rstrip('/')
        # Catalogs register Blazar's endpoint with /v1; a bare root works
        # too so that --os-endpoint may be either.
        if not endpoint.endswith('/v1'):
            endpoint += '/v1'
        return endpoint

    def request(self, method, path, body=None, params=None):
        kwargs = {'raise_exc': False, 'headers': {'Accept':
                                                  'application/json'}}
        if body is not None:
            kwargs['json'] = body
        if params:
            kwargs['params'] = params
        try:
            resp = self.adapter.request(self.base_url + path, method,
                                        **kwargs)
        except ks_exceptions.ConnectionError as exc:
            raise exceptions.CommandError(
                'cannot reach the reservation service: %s' % exc)
        if resp.status_code >= 400:
            raise self._error(resp)
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    @staticmethod
    def _error(resp):
        try:
            body = resp.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        message = body.get('error_message') or resp.text.strip() or \
            resp.reason or 'no message'
        name = body.get('error_name') or resp.reason
        return ApiError(resp.status_code, name, message, body)

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def post(self, path, body):
        return self.request('POST', path, body=body)

    def put(self, path, body):
        return self.request('PUT', path, body=body)

    def delete(self, path, params=None):
        return self.request('DELETE', path, params=params)

    def list_all(self, path, key, params=None):
        """Every page of a paginated list (the API caps each page at
        [api] max_limit)."""
        params = dict(params or {})
        items = []
        while True:
            page = self.get(path, params)[key]
            if not page:
                return items
            items.extend(page)
            if page[-1]['id'] == params.get('marker'):
                return items
            params['marker'] = page[-1]['id']

    def find(self, collection, name_or_id):
        """An item of ``/<collection>`` (``leases``, ``instances``) by id,
        or by name when no item has that id."""
        what = collection[:-1]
        try:
            return self.get('/%s/%s' % (collection, name_or_id))[what]
        except ApiError as exc:
            if exc.status != 404:
                raise
        matches = [item for item in self.list_all('/' + collection,
                                                  collection)
                   if item.get('name') == name_or_id]
        if not matches:
            raise exceptions.CommandError(
                'No %s with a name or id of %s.' % (what, name_or_id))
        if len(matches) > 1:
            raise exceptions.CommandError(
                'More than one %s is named %s: give its id (%s).' % (
                    what, name_or_id, ', '.join(m['id'] for m in matches)))
        return matches[0]

    def find_lease(self, name_or_id):
        return self.find('leases', name_or_id)
