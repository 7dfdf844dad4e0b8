"""Start-up shared by the console scripts."""
import sys

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging import opts as messaging_opts

from promise import version
from promise.conf import CONF
from promise.conf import opts


def prepare_service(argv=None, default_config_files=None, **defaults):
    """Parse the command line and config files, then set up logging.

    Keyword arguments are defaults for [DEFAULT] options of this process
    (e.g. promise-server's standalone defaults); config files still win.
    """
    logging.register_options(CONF)
    messaging.set_transport_defaults(control_exchange='promise')
    # Register the transport options now, so that they can be given
    # defaults below, before the first transport is made.
    for group, group_opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            CONF.register_opts(group_opts)
    opts.set_defaults(CONF)
    for name, value in defaults.items():
        group, _, key = name.rpartition('.')
        CONF.set_default(key, value, group=group or None)
    argv = sys.argv[1:] if argv is None else argv
    CONF(argv, project='promise',
         version=version.version_info.version_string(),
         default_config_files=default_config_files)
    logging.setup(CONF, 'promise')
    return CONF
