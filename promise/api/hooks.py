"""Pecan hooks: request context, microversion, manager client."""
import pecan
from pecan import hooks

from promise import context as promise_context
from promise import policy
from promise.api import microversion
from promise.manager import inventory_rpcapi
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

    def before(self, state):
        if self._api is None:
            self._api = rpcapi.ManagerAPI()
            self._inventory = inventory_rpcapi.InventoryAPI()
            self._subscriptions = subscriptions_rpcapi.SubscriptionsAPI()
        state.request.manager = self._api
        state.request.inventory = self._inventory
        state.request.subscriptions = self._subscriptions


def request():
    return pecan.request
