"""oslo.policy enforcement with in-code defaults."""
import threading

from oslo_config import cfg
from oslo_policy import policy

from promise import exceptions
from promise import policies

_ENFORCER = None
_LOCK = threading.Lock()


def get_enforcer():
    """Entry point for oslopolicy-* tools: parse argv for --config-file."""
    cfg.CONF([], project='promise')
    return init()


def init(conf=None):
    global _ENFORCER
    if _ENFORCER is None:
        with _LOCK:
            if _ENFORCER is None:
                # Published only once complete: threads serving requests
                # must never see an enforcer without its defaults.
                enforcer = policy.Enforcer(conf or cfg.CONF)
                enforcer.register_defaults(policies.list_rules())
                enforcer.load_rules()
                _ENFORCER = enforcer
    return _ENFORCER


def reset():
    global _ENFORCER
    if _ENFORCER is not None:
        _ENFORCER.clear()
    _ENFORCER = None
_LOCK = threading.Lock()


def authorize(context, action, target=None):
    """Raise PolicyNotAuthorized unless the context may perform action.

    The default target is the caller's own project, which is what list and
    create operations are checked against.
    """
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    enforcer = init()
    try:
        return enforcer.authorize(
            action, target, context, do_raise=True,
            exc=exceptions.PolicyNotAuthorized, action=action)
    except policy.InvalidScope:
        raise exceptions.PolicyNotAuthorized(action=action)


def check_is_admin(context):
    return init().authorize('admin_api', {}, context, do_raise=False)
