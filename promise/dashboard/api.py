"""A small client of the Promise v1 API for the dashboard's views.

Every call is made with the token of the user behind the request, through
a keystoneauth1 session, to the endpoint of the ``reservation`` service in
the user's catalog, or to the ``PROMISE_API_URL`` setting when it is set.

Each panel's calls live here, one function per route, so that the views
stay free of HTTP.
"""
import datetime

from django.conf import settings
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint

SERVICE_TYPE = 'reservation'
DATE_FORMAT = '%Y-%m-%d %H:%M'


class PromiseAPIError(Exception):
    """An error answer of the API, in Blazar's error format."""

    def __init__(self, status, name, message, body=None):
        self.status = status
        self.name = name
        self.message = message
        self.body = body or {}
        super().__init__('%s (HTTP %s): %s' % (name, status, message))

    @property
    def hint(self):
        return limits_text(self.body)


class NotOffered(PromiseAPIError):
    """The service has no such route (404 on a collection)."""


def limits_text(body):
    """What a 409 CannotBeMet or an availability answer says can be had,
    in words."""
    parts = []
    for item in body.get('max_reservable') or []:
        parts.append('at most %s of %s' % (
            _amount(item.get('max')), item.get('resource_type')))
    window = body.get('next_window')
    if window:
        parts.append('next window %s to %s' % (
            short_date(window.get('start_date')),
            short_date(window.get('end_date'))))
    return '; '.join(parts)


def _amount(value):
    if isinstance(value, dict):
        return ', '.join('%s=%s' % kv for kv in sorted(value.items()))
    return str(value)


def short_date(value):
    """'2031-01-05T08:00:00.000000' -> '2031-01-05 08:00'."""
    if not value:
        return value
    return str(value).replace('T', ' ')[:16]


def parse_date(value):
    """A date of the API as a naive UTC datetime."""
    return datetime.datetime.strptime(short_date(value) + ':00',
                                      DATE_FORMAT + ':%S')


def endpoint(request):
    url = getattr(settings, 'PROMISE_API_URL', None)
    if not url:
        from openstack_dashboard.api import base
        url = base.url_for(request, SERVICE_TYPE)
    url = url.rstrip('/')
    # Catalogs name Blazar's endpoint with /v1; a bare root works too.
    if not url.endswith('/v1'):
        url += '/v1'
    return url


def _session(request):
    auth = token_endpoint.Token(endpoint(request), request.user.token.id)
    verify = getattr(settings, 'OPENSTACK_SSL_CACERT', None) or \
        not getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False)
    return ks_session.Session(auth=auth, verify=verify)


def _error(resp):
    try:
        body = resp.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    message = body.get('error_message') or resp.text.strip()[:200] or \
        resp.reason or 'no message'
    name = body.get('error_name') or resp.reason or 'Error'
    return PromiseAPIError(resp.status_code, name, message, body)


def call(request, method, path, body=None, params=None):
    """The decoded JSON answer of one request; PromiseAPIError for an
    error answer or an unreachable service."""
    session = _session(request)
    url = endpoint(request) + path
    kwargs = {'raise_exc': False, 'headers': {'Accept': 'application/json'},
              'timeout': getattr(settings, 'PROMISE_API_TIMEOUT', 60)}
    if body is not None:
        kwargs['json'] = body
    if params:
        kwargs['params'] = params
    try:
        resp = session.request(url, method, **kwargs)
    except ks_exceptions.ConnectionError as exc:
        raise PromiseAPIError(503, 'ServiceUnavailable',
                              'cannot reach the reservation service at %s: '
                              '%s' % (url, exc))
    if resp.status_code >= 400:
        raise _error(resp)
    if resp.status_code == 204 or not resp.content:
        return None
    return resp.json()


# Leases -------------------------------------------------------------------

def lease_list(request, **params):
    return call(request, 'GET', '/leases', params=params)['leases']


def lease_get(request, lease_id):
    return call(request, 'GET', '/leases/%s' % lease_id)['lease']


def lease_create(request, body):
    return call(request, 'POST', '/leases', body=body)['lease']


def lease_delete(request, lease_id):
    call(request, 'DELETE', '/leases/%s' % lease_id)


def availability(request, body):
    """Earliest windows where the reservations of ``body`` fit."""
    return call(request, 'POST', '/availability', body=body)['availability']


# Reserved instances -------------------------------------------------------

def _instances_offered(request, method, path, **kwargs):
    try:
        return call(request, method, path, **kwargs)
    except PromiseAPIError as exc:
        if exc.status == 404 and path == '/instances':
            raise NotOffered(404, 'NotOffered',
                             'this reservation service has no instances '
                             'API (/v1/instances answered 404)', exc.body)
        raise


def instance_list(request):
    return _instances_offered(request, 'GET', '/instances')['instances']


def instance_create(request, name, flavor, reservation_id):
    return _instances_offered(
        request, 'POST', '/instances',
        body={'name': name, 'flavor': flavor,
              'reservation_id': reservation_id})['instance']


def instance_delete(request, instance_id):
    call(request, 'DELETE', '/instances/%s' % instance_id)


# Capacity (administrators) ------------------------------------------------

def host_list(request):
    return call(request, 'GET', '/os-hosts')['hosts']


def host_allocations(request):
    return call(request, 'GET', '/os-hosts/allocations')['allocations']


def pool_list(request):
    return call(request, 'GET', '/pools')['pools']


def pool_get(request, pool):
    return call(request, 'GET', '/pools/%s' % pool)['pool']


def capacity_timeline(request, start, end, resource_class, host=None,
                      pool=None):
    """/v1/capacity with its timeline over [start, end) for one class."""
    params = {'start_date': start.strftime(DATE_FORMAT),
              'end_date': end.strftime(DATE_FORMAT),
              'resource_class': resource_class, 'timeline': 'true'}
    if host:
        params['host'] = host
    if pool:
        params['pool'] = pool
    return call(request, 'GET', '/capacity', params=params)['capacity']


# Placement policies (administrators) --------------------------------------

def policy_list(request):
    return call(request, 'GET', '/policies')['policies']


def policy_get(request, policy_ref):
    """A policy by id or name, with its rules."""
    return call(request, 'GET', '/policies/%s' % policy_ref)['policy']


def policy_create(request, body):
    """``body``: name, description, hard, proactive, rules [{'rule'}].
    A 400 InvalidPolicy names the rule at fault (``rule_index``), the
    ``line`` and ``column`` within it and the ``variable``."""
    return call(request, 'POST', '/policies', body=body)['policy']


def policy_delete(request, policy_id):
    call(request, 'DELETE', '/policies/%s' % policy_id)


def rule_delete(request, policy_id, rule_id):
    call(request, 'DELETE', '/policies/%s/rules/%s' % (policy_id, rule_id))


def policy_simulate(request, moves, policies=None):
    """What moving VMs (``moves``: [{'vm', 'to'}]) would change, without
    changing anything: {'added', 'removed'} violations by policy and the
    servers whose ``capacity_breaks``. ``policies`` (names) go in the
    query, repeated; every policy by default. A 400 names an unknown VM or
    server."""
    params = {'policy': list(policies)} if policies else None
    return call(request, 'POST', '/policies/simulate',
                body={'moves': list(moves)}, params=params)['simulation']


def policy_table_list(request):
    """The tables policies read: [{'name', 'columns', 'rows' (a count)}]."""
    return call(request, 'GET', '/policy-tables')['tables']


def policy_table_rows(request, name):
    return call(request, 'GET', '/policy-tables/%s' % name)['table']['rows']


def policy_violations(request, policy_ref):
    return call(request, 'GET',
                '/policies/%s/violations' % policy_ref)['violations']


def violation_list(request):
    """The violations of every policy, as {'policy', 'row'}."""
    return call(request, 'GET', '/violations')['violations']


# Audits and action plans (administrators) ---------------------------------

def audit(request, body):
    """{'violations': {policy: rows}, 'action_plan': plan or None}."""
    return call(request, 'POST', '/audits', body=body)['audit']


def plan_list(request, state=None):
    params = {'state': state} if state else None
    return call(request, 'GET', '/action-plans',
                params=params)['action_plans']


def plan_get(request, plan_id):
    return call(request, 'GET', '/action-plans/%s' % plan_id)['action_plan']


def plan_action(request, plan_id, action):
    """``action``: approve, execute (runs in the background) or cancel."""
    return call(request, 'POST', '/action-plans/%s/%s' % (
        plan_id, action))['action_plan']
