"""promise-api: the REST API served by gunicorn worker processes."""
from gunicorn.app import base as gunicorn_base

from promise.cmd import common


class _GunicornServer(gunicorn_base.BaseApplication):
    def __init__(self, conf):
        self.conf = conf
        super().__init__()

    def load_config(self):
        api = self.conf.api
        settings = {
            'bind': '%s:%s' % (api.host, api.port),
            'workers': api.workers,
            'threads': api.threads,
            'worker_class': 'gthread',
            # The app is built in each worker after the fork: database
            # engines and broker connections must not be shared.
            'preload_app': False,
            'proc_name': 'promise-api',
            'timeout': max(60, api.rpc_response_timeout * 2),
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self):
        from promise.api import app
        return app.setup_app(self.conf)


def main(argv=None):
    conf = common.prepare_service(argv)
    _GunicornServer(conf).run()
