"""promise-db-manage: schema migrations (alembic)."""
import sys

from oslo_config import cfg

from promise.cmd import common
from promise.conf import CONF
from promise.db import migration


def _upgrade():
    migration.upgrade(CONF.command.revision)
    print('Database at %s' % migration.current())


def _downgrade():
    migration.downgrade(CONF.command.revision)
    print('Database at %s' % migration.current())


def _current():
    print(migration.current() or 'empty (no migration applied)')


def _revision():
    migration.revision(CONF.command.message,
                       autogenerate=CONF.command.autogenerate)


def _add_commands(subparsers):
    p = subparsers.add_parser('upgrade', help='Upgrade the schema.')
    p.add_argument('revision', nargs='?', default='head')
    p.set_defaults(func=_upgrade)
    p = subparsers.add_parser('downgrade', help='Downgrade the schema.')
    p.add_argument('revision', help='Target revision ("base" for none).')
    p.set_defaults(func=_downgrade)
    p = subparsers.add_parser('current', help='Show the current revision.')
    p.set_defaults(func=_current)
    p = subparsers.add_parser('revision', help='Create a new migration.')
    p.add_argument('-m', '--message', required=True)
    p.add_argument('--autogenerate', action='store_true')
    p.set_defaults(func=_revision)


command_opt = cfg.SubCommandOpt('command', title='Commands',
                                help='Available commands',
                                handler=_add_commands)


def main(argv=None):
    CONF.register_cli_opt(command_opt)
    common.prepare_service(argv)
    try:
        CONF.command.func()
    except Exception as exc:  # a clear line, not a traceback
        print('promise-db-manage: %s' % exc, file=sys.stderr)
        return 1
    return 0
