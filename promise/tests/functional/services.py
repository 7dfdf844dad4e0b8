"""Real services for functional tests: RabbitMQ, PostgreSQL, MariaDB.

In CI (CI=true) a missing service fails the test; on a developer machine
without it the test is skipped.
"""
import os
import socket
import uuid

import fixtures
import sqlalchemy as sa

RABBIT_URL = os.environ.get('PROMISE_TEST_RABBIT_URL',
                            'rabbit://guest:guest@127.0.0.1:5672/')
ADMIN_URLS = {
    'postgresql': os.environ.get(
        'PROMISE_TEST_POSTGRESQL_URL',
        'postgresql+psycopg2://openstack_citest:openstack_citest@'
        '127.0.0.1:5432/postgres'),
    'mysql': os.environ.get(
        'PROMISE_TEST_MYSQL_URL',
        'mysql+pymysql://openstack_citest:openstack_citest@'
        '127.0.0.1:3306/'),
}
PORTS = {'rabbit': 5672, 'postgresql': 5432, 'mysql': 3306}


def in_ci():
    return os.environ.get('CI', '').lower() in ('1', 'true', 'yes')


def unavailable(test, what, why):
    message = '%s is not available: %s' % (what, why)
    if in_ci():
        test.fail(message + ' (CI=true: functional tests must run)')
    test.skipTest(message)


def require_port(test, name):
    try:
        with socket.create_connection(('127.0.0.1', PORTS[name]),
                                      timeout=2):
            pass
    except OSError as exc:
        unavailable(test, name, exc)


class Database(fixtures.Fixture):
    """A throwaway database on a real server; ``url`` to connect to it."""

    def __init__(self, test, kind):
        super().__init__()
        self.test = test
        self.kind = kind

    def _setUp(self):
        require_port(self.test, self.kind)
        name = 'promise_ft_%s' % uuid.uuid4().hex[:12]
        admin = ADMIN_URLS[self.kind]
        engine = sa.create_engine(admin, isolation_level='AUTOCOMMIT')
        try:
            with engine.connect() as conn:
                conn.execute(sa.text('CREATE DATABASE %s' % name))
        except sa.exc.OperationalError as exc:
            engine.dispose()
            unavailable(self.test, self.kind, exc)
        self.addCleanup(self._drop, engine, name)
        base = sa.engine.make_url(admin)
        self.url = base.set(database=name).render_as_string(
            hide_password=False)
        if self.kind == 'mysql':
            self.url += '?charset=utf8mb4'

    def _drop(self, engine, name):
        with engine.connect() as conn:
            if self.kind == 'postgresql':
                conn.execute(sa.text(
                    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                    'WHERE datname = :n AND pid <> pg_backend_pid()'),
                    {'n': name})
            conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % name))
        engine.dispose()
