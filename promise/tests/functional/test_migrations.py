"""The migrations build the schema the models describe, on every
supported database, and walk down and up again."""
from oslo_db.sqlalchemy import test_migrations
import sqlalchemy as sa
import testscenarios

from promise.conf import CONF
from promise.db import api as db_api
from promise.db import migration
from promise.db import models
from promise.tests import base
from promise.tests.functional import services

load_tests = testscenarios.load_tests_apply_scenarios


class TestMigrations(test_migrations.ModelsMigrationsSync, base.TestCase):

    scenarios = [('sqlite', {'kind': 'sqlite'}),
                 ('postgresql', {'kind': 'postgresql'}),
                 ('mysql', {'kind': 'mysql'})]

    def setUp(self):
        super().setUp()
        if self.kind == 'sqlite':
            url = 'sqlite:///%s/m.sqlite' % self.useFixture(
                base.fixtures.TempDir()).path
        else:
            url = self.useFixture(services.Database(self, self.kind)).url
        CONF.set_override('connection', url, group='database')
        db_api.dispose_engine()
        self.addCleanup(db_api.dispose_engine)
        self.engine = db_api.get_engine()

    def db_sync(self, engine):
        migration.upgrade('head')

    def get_engine(self):
        return self.engine

    def get_metadata(self):
        return models.Base.metadata

    def include_object(self, object_, name, type_, reflected, compare_to):
        return not (type_ == 'table' and name == 'alembic_version')

    def test_walk_down_and_up(self):
        migration.upgrade('head')
        self.assertEqual(migration.head(), migration.current())
        migration.downgrade('base')
        self.assertIsNone(migration.current())
        tables = sa.inspect(self.engine).get_table_names()
        self.assertNotIn('leases', tables)
        migration.upgrade('head')
        self.assertIn('leases', sa.inspect(self.engine).get_table_names())
