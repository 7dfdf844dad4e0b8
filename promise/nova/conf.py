"""The ``[promise]`` options of nova.conf, read by the scheduler filter.

The keystoneauth options (auth, session, adapter) say how to reach the
Promise API: through the service catalog (service type ``reservation``)
or an explicit ``endpoint_override``; ``auth_type = none`` suits a
Promise that runs without Keystone.
"""
import copy

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'promise'
SERVICE_TYPE = 'reservation'
FAIL_OPEN = 'open'
FAIL_CLOSED = 'closed'
# The session's own default is no timeout at all: a hung Promise API would
# hang every scheduling request.
DEFAULT_TIMEOUT = 5

promise_group = cfg.OptGroup(
    GROUP, title='Promise capacity reservations',
    help='How the Promise scheduler filter reaches the Promise API and '
         'what it does when it cannot.')

filter_opts = [
    cfg.FloatOpt('cache_ttl',
                 default=10.0,
                 min=0,
                 help='Seconds a fetched calendar is used without asking '
                      'Promise again. After that each scheduling request '
                      'revalidates it with its ETag, which costs a 304 when '
                      'nothing changed. 0 revalidates on every request. '
                      'A reservation that starts inside this time may be '
                      'seen as not started for up to this long.'),
    cfg.StrOpt('fail_mode',
               default=FAIL_OPEN,
               choices=[(FAIL_OPEN, 'Pass every host, as if no reservation '
                                    'existed: boots go on, reservations may '
                                    'be overbooked meanwhile.'),
                        (FAIL_CLOSED, 'Pass no host: boots fail with "No '
                                      'valid host" until Promise answers.')],
               help='What the filter does when the Promise API cannot be '
                    'reached or answers with an error.'),
]

_ADAPTER_SKIPPED = ('version', 'min_version', 'max_version')


def _ignored(value):
    return None


# Shared objects, so that registering the group again is a no-op.
_UNSETTABLE = [cfg.Opt(name, type=_ignored) for name in _ADAPTER_SKIPPED]


def _adapter_opts():
    opts = [o for o in ks_loading.get_adapter_conf_options(
        include_deprecated=False) if o.dest not in _ADAPTER_SKIPPED]
    cfg.set_defaults(opts, service_type=SERVICE_TYPE,
                     valid_interfaces=['internal', 'public'])
    return opts


def _session_opts():
    opts = ks_loading.get_session_conf_options()
    cfg.set_defaults(opts, timeout=DEFAULT_TIMEOUT)
    return opts


def register_opts(conf):
    """Register the group on ``conf`` (nova's CONF in nova-scheduler);
    registering twice is harmless."""
    conf.register_group(promise_group)
    conf.register_opts(filter_opts, group=promise_group)
    conf.register_opts(_session_opts(), group=promise_group)
    ks_loading.register_auth_conf_options(conf, GROUP)
    conf.register_opts(_adapter_opts(), group=promise_group)
    # Adapter loading reads these; the code, not the operator, knows which
    # API version it speaks.
    conf.register_opts(_UNSETTABLE, group=promise_group)


def list_opts():
    """For oslo-config-generator (namespace ``promise.nova``)."""
    opts = copy.deepcopy(filter_opts)
    opts += _session_opts()
    opts += ks_loading.get_auth_common_conf_options()
    opts += ks_loading.get_auth_plugin_conf_options('password')
    opts += _adapter_opts()
    seen, unique = set(), []
    for opt in opts:
        if opt.dest not in seen:
            seen.add(opt.dest)
            unique.append(opt)
    return [(promise_group, unique)]
