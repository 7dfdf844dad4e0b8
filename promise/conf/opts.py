"""Options listed for oslo-config-generator."""
import itertools

from oslo_db import options as db_options
from oslo_log import log
from oslo_middleware import cors

from promise.conf import api
from promise.conf import default
from promise.conf import manager
from promise.conf import notifications
from promise.conf import nova
from promise.conf import placement
from promise.conf import reservation
from promise.conf import vim

_MODULES = (default, api, manager, notifications, reservation, vim,
            nova, placement)


def list_opts():
    grouped = {}
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            grouped.setdefault(group, []).extend(opts)
    return [(group, list(itertools.chain(opts)))
            for group, opts in grouped.items()]


def set_defaults(conf=None):
    """Project defaults of library options, also used by the generator."""
    from oslo_config import cfg
    conf = conf or cfg.CONF
    db_options.set_defaults(conf, connection='sqlite:////var/lib/promise/'
                                             'promise.sqlite')
    log.set_defaults(default_log_levels=log.get_default_log_levels() + [
        'stevedore=WARN', 'alembic=WARN'])
    cors.set_defaults(
        allow_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                       'X-Project-Id', 'X-User-Id', 'X-Roles',
                       'OpenStack-API-Version', 'Content-Type'],
        expose_headers=['X-Openstack-Request-Id', 'OpenStack-API-Version'],
        allow_methods=['GET', 'PUT', 'POST', 'DELETE', 'PATCH'])
