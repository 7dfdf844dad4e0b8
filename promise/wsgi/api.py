"""WSGI entry point for any WSGI server (uwsgi, gunicorn, mod_wsgi).

``promise.wsgi.api:application`` reads /etc/promise/promise.conf, or the
files named by the PROMISE_CONFIG_FILES environment variable (separated by
commas or spaces).
"""
import os

from promise.api import app as api_app
from promise.cmd import common


def init_application():
    files = os.environ.get('PROMISE_CONFIG_FILES', '')
    argv = []
    for name in files.replace(',', ' ').split():
        argv += ['--config-file', name]
    common.prepare_service(argv, default_config_files=None if argv else
                           _default_files())
    return api_app.setup_app()


def _default_files():
    path = '/etc/promise/promise.conf'
    return [path] if os.path.exists(path) else []


application = init_application()
