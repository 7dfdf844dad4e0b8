"""promise-server: API and manager in one process, for standalone use.

With no configuration it listens on http://127.0.0.1:1234, keeps a SQLite
database in ~/.local/state/promise (or $PROMISE_STATE_DIR), uses in-process
messaging, no authentication, and the simulated VIM loading the mini NFV
data centre; webhooks may call loopback addresses. Any of these can be
changed in a config file.
"""
import os
import signal
import threading

from cheroot import wsgi
from oslo_log import log as logging

from promise.cmd import common
from promise.db import migration

LOG = logging.getLogger(__name__)


def _state_dir():
    base = os.environ.get('PROMISE_STATE_DIR')
    if base:
        return base
    xdg = os.environ.get('XDG_STATE_HOME') or os.path.join(
        os.path.expanduser('~'), '.local', 'state')
    return os.path.join(xdg, 'promise')


def main(argv=None):
    state = _state_dir()
    os.makedirs(state, exist_ok=True)
    conf = common.prepare_service(
        argv, **{'auth_strategy': 'noauth',
                 'state_path': state,
                 'transport_url': 'fake://',
                 'database.connection': 'sqlite:///%s' % os.path.join(
                     state, 'promise.sqlite'),
                 # Webhook receivers of a standalone server usually run on
                 # the same machine.
                 'notifications.callback_allow_list': ['127.0.0.0/8',
                                                       '::1/128']})

    migration.upgrade('head')

    from promise.api import app as api_app
    from promise.manager import service as manager_service
    manager = manager_service.ManagerService(host='standalone')
    manager.start()

    server = wsgi.Server((conf.api.host, conf.api.port),
                         api_app.setup_app(conf),
                         numthreads=conf.api.threads,
                         server_name='promise-server')
    stopping = threading.Event()

    def _stop(signum, frame):
        # Only flag it: the main thread does the stopping, outside the
        # signal handler.
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    server.prepare()
    serving = threading.Thread(target=server.serve, name='promise-http',
                               daemon=True)
    serving.start()
    LOG.info('Promise standalone server on http://%s:%s/ (state in %s)',
             conf.api.host, conf.api.port, state)
    print('Promise listening on http://%s:%s/' % (conf.api.host,
                                                  conf.api.port),
          flush=True)
    while not stopping.wait(0.5):
        if not serving.is_alive():
            LOG.error('The HTTP server stopped unexpectedly')
            break
    LOG.info('Stopping')
    server.stop()
    manager.stop(graceful=True)
    return 0
