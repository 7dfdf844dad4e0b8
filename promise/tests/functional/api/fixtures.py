"""Gabbi fixtures: the real WSGI app on a migrated SQLite database, with
the manager running in-process on oslo.messaging's fake driver."""
import fixtures
from gabbi import fixture

from promise.api import app
from promise.manager import service as manager_service
from promise.tests import base


class _CurrentApp:
    """Gabbi builds its HTTP client when it loads the YAML, before any
    fixture runs; the real app is made when the first request arrives,
    with the configuration its fixture set."""

    app = None

    def __call__(self, environ, start_response):
        if _CurrentApp.app is None:
            _CurrentApp.app = app.setup_app()
        return _CurrentApp.app(environ, start_response)


def setup_app():
    return _CurrentApp()


class APIFixture(fixture.GabbiFixture):
    """Standalone-mode service: noauth, simulated mini NFV DC."""

    auth_strategy = 'noauth'

    def start_fixture(self):
        _CurrentApp.app = None
        self._fixtures = fixtures.Fixture()
        self._fixtures.setUp()
        conf = self._fixtures.useFixture(base.ConfFixture()).conf
        conf.set_override('auth_strategy', self.auth_strategy)
        conf.set_override('rpc_response_timeout', 5, group='api')
        self._fixtures.useFixture(base.SQLiteDatabase())
        self.manager = manager_service.ManagerService(host='gabbi')
        self.manager.start()
        self._fixtures.addCleanup(self.manager.stop)
        self.configure(conf)

    def configure(self, conf):
        pass

    def stop_fixture(self):
        _CurrentApp.app = None
        self._fixtures.cleanUp()


class KeystoneAPIFixture(APIFixture):
    """auth_strategy=keystone, with no Keystone behind it: only errors
    that need no token validation can be checked with it."""

    auth_strategy = 'keystone'

    def configure(self, conf):
        conf.set_override('www_authenticate_uri', 'http://127.0.0.1:9/v3',
                          group='keystone_authtoken')
        conf.set_override('max_request_body_size', 1024,
                          group='oslo_middleware')


class SmallBodyLimitFixture(APIFixture):
    def configure(self, conf):
        conf.set_override('max_request_body_size', 1024,
                          group='oslo_middleware')
