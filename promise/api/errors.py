"""Blazar's error body: {"error_code", "error_message", "error_name"}.

Existing Blazar clients read ``error_message``; ``error_name`` carries the
name of the error, and Promise errors may add machine-readable fields
(for example what could be reserved instead).
"""
from oslo_serialization import jsonutils
import webob
import webob.exc


def error_response(code, message, name=None, extra=None):
    body = {'error_code': code,
            'error_message': message,
            'error_name': name or _name_for(code)}
    if extra:
        body.update(extra)
    return webob.Response(status=code, content_type='application/json',
                          charset='UTF-8',
                          body=jsonutils.dump_as_bytes(body))


def _name_for(code):
    cls = webob.exc.status_map.get(code)
    if cls is None:
        return 'Error'
    return cls.__name__.replace('HTTP', '', 1)


def is_formatted(resp):
    if resp.content_type != 'application/json':
        return False
    try:
        body = jsonutils.loads(resp.body)
    except ValueError:
        return False
    return isinstance(body, dict) and 'error_code' in body


def message_of(req, resp):
    """The human message of an error response made by some other layer."""
    if resp.status_int == 404:
        return 'No resource at %s.' % req.path
    if resp.status_int == 405:
        allowed = resp.headers.get('Allow')
        return 'Method %s is not allowed on %s%s.' % (
            req.method, req.path,
            ' (allowed: %s)' % allowed if allowed else '')
    if resp.content_type == 'application/json':
        try:
            body = jsonutils.loads(resp.body)
        except ValueError:
            body = None
        if isinstance(body, dict):
            inner = body.get('error', body)
            if isinstance(inner, dict):
                for key in ('message', 'error_message', 'explanation',
                            'title'):
                    if inner.get(key):
                        return str(inner[key])
    cls = webob.exc.status_map.get(resp.status_int)
    explanation = getattr(cls, 'explanation', '') if cls else ''
    return explanation or resp.status
