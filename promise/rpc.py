"""oslo.messaging plumbing shared by the API (client) and the manager
(server): one transport per process, request contexts serialised on the
wire, and the list of exception modules allowed to cross it."""
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from promise import context as promise_context
from promise.conf import CONF

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


def get_transport():
    global _TRANSPORT
    if _TRANSPORT is None:
        _TRANSPORT = messaging.get_rpc_transport(
            CONF, allowed_remote_exmods=ALLOWED_EXMODS)
    return _TRANSPORT


def reset_transport():
    global _TRANSPORT
    if _TRANSPORT is not None:
        _TRANSPORT.cleanup()
    _TRANSPORT = None


def get_client(target, version_cap=None, timeout=None):
    return messaging.get_rpc_client(
        get_transport(), target, version_cap=version_cap, timeout=timeout,
        serializer=RequestContextSerializer())


def get_server(target, endpoints):
    return messaging.get_rpc_server(
        get_transport(), target, endpoints, executor='threading',
        serializer=RequestContextSerializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy)
