"""Configuration options, registered per group on the global CONF.

oslo.messaging registers some of its options on ``cfg.CONF`` only, so the
project uses the global object as every OpenStack service does.
"""
from oslo_config import cfg

from promise.conf import api
from promise.conf import default
from promise.conf import manager
from promise.conf import notifications
from promise.conf import nova
from promise.conf import placement
from promise.conf import reservation
from promise.conf import vim

CONF = cfg.CONF

for _module in (default, api, manager, notifications, reservation,
                vim, nova, placement):
    _module.register_opts(CONF)
