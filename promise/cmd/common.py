"""Start-up shared by the console scripts."""
import sys

from oslo_log import log as logging

from promise.conf import CONF
from promise.conf import opts
from promise import version


def prepare_service(argv=None, default_config_files=None, **defaults):
    """Parse the command line and config files, then set up logging.

    Keyword arguments are defaults for [DEFAULT] options of this process
    (e.g. promise-server's standalone defaults); config files still win.
    """
    logging.register_options(CONF)
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
