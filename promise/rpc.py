"""oslo.messaging plumbing shared by the API (client) and the manager
(server): one transport per process, request contexts serialised on the
wire, and the list of exception modules allowed to cross it."""
import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from promise import context as promise_context
from promise.conf import CONF

LOG = logging.getLogger(__name__)

# Exceptions raised by the manager in these modules are re-raised by name in
# the API process, so users see the same 4xx the manager decided.
ALLOWED_EXMODS = ['promise.exceptions']

_TRANSPORT = None


class RequestContextSerializer(messaging.Serializer):
    def __init__(self, base=None):
        self._base = base or messaging.NoOpSerializer()

    def serialize_entity(self, ctxt, entity):
        return self._base.serialize_entity(ctxt, jsonutils.to_primitive(
            entity, convert_instances=True))

    def deserialize_entity(self, ctxt, entity):
        return self._base.deserialize_entity(ctxt, entity)

    def serialize_context(self, ctxt):
        return ctxt.to_dict()

    def deserialize_context(self, ctxt):
        return promise_context.RequestContext.from_dict(ctxt)


_TRANSPORT_LOCK = threading.Lock()


def get_transport():
    global _TRANSPORT
    if _TRANSPORT is None:
        # The first requests of an API worker arrive together: without
        # the lock each would make a transport of its own, and clients
        # would be bound to one while the reply queue opens on another.
        with _TRANSPORT_LOCK:
            if _TRANSPORT is None:
                _TRANSPORT = messaging.get_rpc_transport(
                    CONF, allowed_remote_exmods=ALLOWED_EXMODS)
    return _TRANSPORT


def reset_transport():
    global _TRANSPORT, _REPLY_THREAD
    with _TRANSPORT_LOCK:
        if _TRANSPORT is not None:
            _TRANSPORT.cleanup()
        _TRANSPORT = None
        _REPLY_THREAD = None


_REPLY_THREAD = None
_REPLY_LOCK = threading.Lock()
# A reply queue that failed to open is tried again after this long.
_REOPEN_DELAY = 0.5


def reply_channel_ready(timeout):
    """Whether this process can receive RPC replies, waiting at most
    ``timeout`` seconds for the broker.

    oslo.messaging opens the reply queue on the first call and retries
    the broker forever while doing so; a call made then would hang, and
    could still be delivered minutes later. The queue is opened here in
    the background instead, and no call is sent until it exists, so that
    an unreachable broker is a prompt 503 and nothing is sent late.
    """
    global _REPLY_THREAD
    driver = getattr(get_transport(), '_driver', None)
    if driver is None or not hasattr(driver, '_get_reply_q'):
        return True  # in-process transports need no reply queue
    deadline = time.monotonic() + timeout
    while getattr(driver, '_reply_q', None) is None:
        with _REPLY_LOCK:
            if _REPLY_THREAD is None or not _REPLY_THREAD.is_alive():
                _REPLY_THREAD = threading.Thread(
                    target=_open_reply_queue, args=(driver,),
                    name='promise-rpc-reply', daemon=True)
                _REPLY_THREAD.start()
            thread = _REPLY_THREAD
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        thread.join(remaining)
        if getattr(driver, '_reply_q', None) is None and \
                not thread.is_alive():
            # The opening failed; try again while the caller may wait.
            time.sleep(min(_REOPEN_DELAY,
                           max(0, deadline - time.monotonic())))
    return True


def _open_reply_queue(driver):
    try:
        driver._get_reply_q()
    except Exception:  # retried by the next caller
        LOG.exception('Could not open the RPC reply queue')


def get_client(target, version_cap=None, timeout=None):
    return messaging.get_rpc_client(
        get_transport(), target, version_cap=version_cap, timeout=timeout,
        serializer=RequestContextSerializer())


def get_server(target, endpoints):
    return messaging.get_rpc_server(
        get_transport(), target, endpoints, executor='threading',
        serializer=RequestContextSerializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy)
