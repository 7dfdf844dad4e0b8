"""Pecan hooks: request context, microversion, manager client, query."""
import threading

import pecan
from pecan import hooks

from promise import context as promise_context
from promise import exceptions
from promise import policy
from promise.api import microversion
from promise.manager import instances_rpcapi
from promise.manager import inventory_rpcapi
from promise.manager import placement_rpcapi
from promise.manager import rpcapi
from promise.manager import subscriptions_rpcapi


class ContextHook(hooks.PecanHook):
    """Build the request context from the headers the auth layer set."""

    def before(self, state):
        ctx = promise_context.RequestContext.from_environ(
            state.request.environ)
        # Checks made outside oslo.policy (usage limits, list scoping) ask
        # the context; the admin_api rule decides who is one.
        ctx.is_admin = policy.check_is_admin(ctx)
        state.request.context = ctx


class SingleQueryHook(hooks.PecanHook):
    """Each query parameter at most once: pecan would hand a repeated one
    to the controller as a list where every route expects a string."""

    def before(self, state):
        params = state.request.GET
        repeated = sorted(k for k in set(params.keys())
                          if len(params.getall(k)) > 1)
        if repeated:
            raise exceptions.BadRequest(
                reason='query parameter(s) given more than once: %s' %
                ', '.join(repeated))


class EmptyBodyHook(hooks.PecanHook):
    """No body on 204 and 304: the json renderer makes "null" of a
    handler's None, and HTTP clients reusing the connection would read
    those bytes as the start of the next answer."""

    def after(self, state):
        if state.response.status_int in (204, 304):
            state.response.body = b''


class MicroversionHook(hooks.PecanHook):
    def before(self, state):
        state.request.version = microversion.parse(state.request.headers)

    def after(self, state):
        version = getattr(state.request, 'version', None)
        if version is not None:
            state.response.headers[microversion.HEADER] = (
                microversion.header_value(version))
            state.response.headers.add('Vary', microversion.HEADER)


class ManagerHook(hooks.PecanHook):
    """Give controllers the RPC clients of the manager (made once)."""

    def __init__(self):
        self._api = None
        self._inventory = None
        self._subscriptions = None
        self._placement = None
        self._instances = None
        self._lock = threading.Lock()

    def _make_clients(self):
        # A worker's first requests come together; they share one set.
        with self._lock:
            if self._instances is not None:
                return
            self._api = rpcapi.ManagerAPI()
            self._inventory = inventory_rpcapi.InventoryAPI()
            self._subscriptions = subscriptions_rpcapi.SubscriptionsAPI()
            self._placement = placement_rpcapi.PlacementAPI()
            self._instances = instances_rpcapi.InstancesAPI()

    def before(self, state):
        if self._instances is None:
            self._make_clients()
        state.request.manager = self._api
        state.request.inventory = self._inventory
        state.request.subscriptions = self._subscriptions
        state.request.placement = self._placement
        state.request.instances = self._instances


def request():
    return pecan.request
