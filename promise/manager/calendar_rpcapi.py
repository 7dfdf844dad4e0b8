"""RPC client of the manager's calendar endpoint, used by the API.

History of the calendar RPC API:
    1.0 - get_calendar
"""
from promise.manager import rpcapi

NAMESPACE = 'calendar'
RPC_API_VERSION = '1.0'


class CalendarAPI(rpcapi.ClientBase):
    """Same transport, topic and error mapping as ManagerAPI, in the
    "calendar" namespace, so that the scheduler's calendar can evolve
    without moving the lease API's version."""

    namespace = NAMESPACE
    version = RPC_API_VERSION

    def get_calendar(self, context, etags=None):
        """``{'etag': ..., 'calendar': {...}}``; the calendar is None when
        the current ETag is one of ``etags`` (the client's copy is
        current)."""
        return self._call(context, 'get_calendar', etags=list(etags or ()))
