"""Fetching the calendar from the Promise API through keystoneauth, and
keeping it between scheduling requests."""
import logging
import threading
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading

from promise.nova import calendar as calendar_mod
from promise.nova import conf as promise_conf

LOG = logging.getLogger(__name__)


class Unavailable(Exception):
    """The calendar could not be had: Promise unreachable or erring."""


class CalendarClient:
    """GET /v1/calendar with If-None-Match."""

    def __init__(self, conf, group=promise_conf.GROUP):
        auth = ks_loading.load_auth_from_conf_options(conf, group)
        session = ks_loading.load_session_from_conf_options(
            conf, group, auth=auth)
        self._adapter = ks_loading.load_adapter_from_conf_options(
            conf, group, session=session, auth=auth)
        self._url = None

    def _calendar_url(self):
        if self._url is None:
            endpoint = self._adapter.get_endpoint()
            if not endpoint:
                raise Unavailable('no endpoint of service type %s' %
                                  self._adapter.service_type)
            endpoint = endpoint.rstrip('/')
            # Catalogs register Blazar-style endpoints ending in /v1; an
            # endpoint_override may name the API root instead.
            if not endpoint.endswith('/v1'):
                endpoint += '/v1'
            self._url = endpoint + '/calendar'
        return self._url

    def forbidden_hosts(self, amounts, groups):
        """Hosts where a VM of ``amounts`` in HA ``groups`` would violate
        a proactive placement policy: {host name: policy name}."""
        url = self._calendar_url().rsplit('/', 1)[0] + '/policies/check'
        body = {'vcpus': int(amounts.get('VCPU', 0)),
                'memory_mb': int(amounts.get('MEMORY_MB', 0)),
                'disk_gb': int(amounts.get('DISK_GB', 0)),
                'ha_groups': sorted(groups)}
        try:
            resp = self._adapter.post(url, json=body, raise_exc=False,
                                      headers={'Accept': 'application/json'})
        except ks_exc.ClientException as exc:
            raise Unavailable('%s: %s' % (type(exc).__name__, exc))
        if resp.status_code != 200:
            raise Unavailable('POST %s answered %s' % (url,
                                                       resp.status_code))
        try:
            return dict(resp.json()['check']['forbidden_hosts'])
        except (ValueError, KeyError, TypeError) as exc:
            raise Unavailable('unreadable answer: %s' % exc)

    def fetch(self, etag=None):
        """``(etag, document)``; document None when ``etag`` is current."""
        headers = {'Accept': 'application/json'}
        if etag:
            headers['If-None-Match'] = '"%s"' % etag
        try:
            resp = self._adapter.get(self._calendar_url(), headers=headers,
                                     raise_exc=False)
        except ks_exc.ClientException as exc:
            raise Unavailable('%s: %s' % (type(exc).__name__, exc))
        if resp.status_code == 304:
            return etag, None
        if resp.status_code != 200:
            raise Unavailable('GET %s answered %s' % (self._calendar_url(),
                                                      resp.status_code))
        try:
            document = resp.json()['calendar']
        except (ValueError, KeyError, TypeError) as exc:
            raise Unavailable('unreadable calendar: %s' % exc)
        return (resp.headers.get('ETag') or '').strip('"') or None, document


class CalendarSource:
    """The current calendar, asked for again once ``ttl`` seconds passed
    (a 304 when it did not change). After a failure Promise is left alone
    for ``ttl`` seconds (at least one), so that an unreachable API does not
    add its timeout to every scheduling request."""

    def __init__(self, client, ttl, clock=time.monotonic):
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._calendar = None
        self._checked = None
        self._failed = None

    def get(self):
        """A Calendar, or None when Promise cannot be reached."""
        with self._lock:
            now = self._clock()
            if (self._calendar is not None and self._checked is not None
                    and now - self._checked < self._ttl):
                return self._calendar
            if (self._failed is not None and
                    now - self._failed < max(self._ttl, 1)):
                return None
            current = self._calendar
            try:
                etag, document = self._client.fetch(
                    current.etag if current is not None else None)
                if document is not None:
                    try:
                        current = calendar_mod.Calendar(document, etag,
                                                        current)
                    except (KeyError, IndexError, TypeError,
                            ValueError) as exc:
                        raise Unavailable('unreadable calendar: %r' % exc)
                elif current is None:
                    raise Unavailable('304 for a calendar never fetched')
            except Unavailable as exc:
                if self._failed is None:
                    LOG.warning('Promise calendar unavailable: %s', exc)
                self._failed = now
                self._calendar = None
                return None
            if self._failed is not None:
                LOG.info('Promise calendar available again')
            self._failed = None
            self._calendar = current
            self._checked = now
            return current
