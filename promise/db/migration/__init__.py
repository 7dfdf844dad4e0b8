"""Schema migrations with alembic; the only way the schema is made."""
import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration

from promise.db import api as db_api

_HERE = os.path.dirname(os.path.abspath(__file__))


def _config(connection=None):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', _HERE)
    cfg.set_main_option('version_locations', os.path.join(_HERE, 'versions'))
    if connection is not None:
        cfg.attributes['connection'] = connection
    return cfg


def _run(func, *args, **kwargs):
    engine = db_api.get_engine()
    with engine.begin() as connection:
        return func(_config(connection), *args, **kwargs)


def upgrade(revision='head'):
    _run(command.upgrade, revision)


def downgrade(revision):
    _run(command.downgrade, revision)


def stamp(revision):
    _run(command.stamp, revision)


def revision(message, autogenerate=False):
    return _run(command.revision, message=message, autogenerate=autogenerate)


def current():
    """The revision the database is at, or None for an empty database."""
    with db_api.get_engine().connect() as connection:
        ctx = alembic_migration.MigrationContext.configure(connection)
        return ctx.get_current_revision()


def head():
    from alembic import script
    return script.ScriptDirectory.from_config(_config()).get_current_head()
