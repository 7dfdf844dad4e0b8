"""One webhook call: the body, its signature and the POST.

The POST never follows redirects, always has a timeout, does not read the
answer's body, and ignores proxy settings of the environment so that the
address checked is the address called. Plain http is sent to the address
that was checked (the Host header keeps the name), so that a DNS answer
changed between the check and the call cannot redirect it; https keeps the
name, which the certificate must match.
"""
import collections

from oslo_serialization import jsonutils
import requests

from promise.notifications import signing
from promise.notifications import url_safety

EVENT_ID_HEADER = 'X-Promise-Event-Id'
EVENT_TYPE_HEADER = 'X-Promise-Event-Type'

Outcome = collections.namedtuple('Outcome', 'delivered status_code error')


def body(event, max_bytes):
    """The JSON body for an event row (mapping), at most ``max_bytes``:
    a larger one goes without its payload's data, marked truncated."""
    envelope = {
        'event_id': event['uuid'],
        'event_type': event['event_type'],
        'sequence': event['id'],
        'priority': event['priority'],
        'timestamp': event['created_at'].isoformat() + 'Z',
        'project_id': event['project_id'],
        'resource_type': event['resource_type'],
        'resource_id': event['resource_id'],
        'payload': event['payload'],
    }
    raw = jsonutils.dump_as_bytes(envelope)
    if len(raw) > max_bytes:
        envelope['payload'] = {k: v for k, v in event['payload'].items()
                               if k != 'promise_object.data'}
        envelope['payload_truncated'] = True
        raw = jsonutils.dump_as_bytes(envelope)
    return raw


def headers(event, raw, secret):
    result = {'Content-Type': 'application/json',
              'User-Agent': 'promise-webhook/1.0',
              EVENT_ID_HEADER: event['uuid'],
              EVENT_TYPE_HEADER: event['event_type']}
    if secret:
        result[signing.HEADER] = signing.sign(secret, raw)
    return result


def _pinned(target):
    """URL to call and Host header for a checked target."""
    if target.scheme != 'http':
        return target.url, None
    address = target.addresses[0]
    shown = '[%s]' % address if ':' in address else address
    parts = requests.utils.urlparse(target.url)
    netloc = '%s:%d' % (shown, target.port)
    host = parts.netloc.rsplit('@', 1)[-1]
    return parts._replace(netloc=netloc).geturl(), host


def post(url, raw, extra_headers, timeout, allow_list):
    """POST ``raw`` to ``url``; an Outcome whatever happens."""
    try:
        target = url_safety.check(url, allow_list)
    except url_safety.UnsafeURL as exc:
        return Outcome(False, None, 'refused: %s' % exc)
    call_url, host = _pinned(target)
    sent_headers = dict(extra_headers)
    if host:
        sent_headers['Host'] = host
    with requests.Session() as session:
        session.trust_env = False
        try:
            resp = session.post(call_url, data=raw, headers=sent_headers,
                                timeout=(timeout, timeout),
                                allow_redirects=False, stream=True)
        except requests.RequestException as exc:
            return Outcome(False, None, '%s: %s' % (
                exc.__class__.__name__, str(exc)[:500]))
        resp.close()
    if 200 <= resp.status_code < 300:
        return Outcome(True, resp.status_code, None)
    if resp.is_redirect:
        return Outcome(False, resp.status_code,
                       'redirect to %s not followed' %
                       resp.headers.get('Location', '?')[:500])
    return Outcome(False, resp.status_code,
                   'HTTP %d %s' % (resp.status_code, resp.reason or ''))
