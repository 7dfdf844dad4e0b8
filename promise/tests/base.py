"""Test bases: configuration, a migrated SQLite database, in-process
messaging."""
import os
import tempfile

import fixtures
from oslo_config import fixture as config_fixture
import oslo_messaging as messaging
from oslo_messaging import conffixture as messaging_fixture
import testtools

from promise import policy
from promise import rpc
from promise.cmd import common  # noqa: F401  (registers options)
from promise.conf import CONF
from promise.conf import opts
from promise.db import api as db_api
from promise.db import migration


class ConfFixture(fixtures.Fixture):
    """Fresh configuration with the defaults every test expects."""

    def _setUp(self):
        self.conf = self.useFixture(config_fixture.Config(CONF)).conf
        messaging.set_transport_defaults(control_exchange='promise')
        opts.set_defaults(CONF)
        CONF([], project='promise', default_config_files=[])
        self.useFixture(messaging_fixture.ConfFixture(CONF))
        # Same exchange as the services the functional tests start.
        self.conf.set_override('control_exchange', 'promise')
        self.conf.set_override('transport_url', 'fake:/')
        self.conf.set_override('auth_strategy', 'noauth')
        self.addCleanup(policy.reset)
        self.addCleanup(rpc.reset_transport)


class SQLiteDatabase(fixtures.Fixture):
    """A database file made by the migrations, as in production."""

    def _setUp(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        url = 'sqlite:///%s' % os.path.join(tmp, 'promise.sqlite')
        CONF.set_override('connection', url, group='database')
        db_api.dispose_engine()
        self.addCleanup(db_api.dispose_engine)
        migration.upgrade('head')


class TestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.Timeout(
            int(os.environ.get('OS_TEST_TIMEOUT', 240)), gentle=True))
        self.conf_fixture = self.useFixture(ConfFixture())
        self.conf = self.conf_fixture.conf
        tempfile.tempdir = None


class DBTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(SQLiteDatabase())
