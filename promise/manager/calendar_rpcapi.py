"""RPC client of the manager's calendar endpoint, used by the API.

History of the calendar RPC API:
    1.0 - get_calendar
"""
import oslo_messaging as messaging

from promise import rpc
from promise.conf import CONF
from promise.manager import rpcapi

NAMESPACE = 'calendar'
RPC_API_VERSION = '1.0'


class _PinnedVersion:
    """The borrowed ``_call`` prepares calls with the lease API's version;
    calls in this namespace must carry this API's own."""

    def __init__(self, client):
        self._client = client

    def prepare(self, **kwargs):
        kwargs['version'] = RPC_API_VERSION
        return self._client.prepare(**kwargs)


class CalendarAPI:
    """Same transport, topic and error mapping as ManagerAPI, in the
    "calendar" namespace, so that the scheduler's calendar can evolve
    without moving the lease API's version."""

    _call = rpcapi.ManagerAPI._call

    def __init__(self, timeout=None):
        target = messaging.Target(topic=CONF.manager.topic,
                                  namespace=NAMESPACE,
                                  version=RPC_API_VERSION)
        self._client = _PinnedVersion(rpc.get_client(
            target, version_cap=RPC_API_VERSION,
            timeout=timeout or CONF.api.rpc_response_timeout))

    def get_calendar(self, context, etags=None):
        """``{'etag': ..., 'calendar': {...}}``; the calendar is None when
        the current ETag is one of ``etags`` (the client's copy is
        current)."""
        return self._call(context, 'get_calendar', etags=list(etags or ()))
