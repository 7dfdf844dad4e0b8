"""Private RabbitMQ, PostgreSQL and MariaDB servers for fault tests.

Fault tests stop and restart their broker or database. The machine's
shared servers serve other test runs at the same time, so these tests
start servers of their own instead: each in a temporary directory, on free
loopback ports, with a node name of its own, and killed when the test ends.
"""
import glob
import os
import shutil
import signal
import subprocess
import uuid

import fixtures
import kombu
import sqlalchemy as sa

from promise.tests.functional import processes
from promise.tests.functional import services

RABBIT_BIN = '/usr/lib/rabbitmq/bin'


def _kill_group(proc, sig=signal.SIGKILL, timeout=60):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout)


class _Server(fixtures.Fixture):
    """A server that a test may stop and start again on the same port and
    data directory."""

    what = 'server'

    def __init__(self, test):
        super().__init__()
        self.test = test
        self.proc = None

    def _setUp(self):
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.port = processes.free_port()
        self.prepare()
        self.addCleanup(self.stop)
        self.start()

    def _log(self, name):
        out = open(os.path.join(self.dir, name), 'ab')
        self.addCleanup(out.close)
        return out

    def logs(self):
        text = ''
        for path in sorted(glob.glob(os.path.join(self.dir, '**', '*.log'),
                                     recursive=True)):
            with open(path, errors='replace') as f:
                text += '==> %s <==\n%s\n' % (path, f.read()[-5000:])
        return text

    def start(self, timeout=120):
        self.proc = self.spawn()
        processes.wait_for(self.ready, timeout=timeout, interval=0.5,
                           what='private %s on port %d\n%s' % (
                               self.what, self.port, self.logs()))

    def stop(self):
        """Kill the server at once, as a crash or a power cut would."""
        _kill_group(self.proc)

    def ready(self):
        if self.proc.poll() is not None:
            raise AssertionError('private %s exited with %s\n%s' % (
                self.what, self.proc.returncode, self.logs()))
        return self.check()


class RabbitMQ(_Server):
    what = 'RabbitMQ'

    def prepare(self):
        server = os.path.join(RABBIT_BIN, 'rabbitmq-server')
        if not os.path.exists(server):
            services.unavailable(self.test, 'rabbitmq-server',
                                 '%s is missing' % server)
        self.node = 'promise-%s@localhost' % uuid.uuid4().hex[:8]
        dist_port = processes.free_port()
        with open(os.path.join(self.dir, 'rabbitmq.conf'), 'w') as f:
            f.write('listeners.tcp.local = 127.0.0.1:%d\n'
                    'loopback_users = none\n' % self.port)
        with open(os.path.join(self.dir, 'enabled_plugins'), 'w') as f:
            f.write('[].\n')  # no management listener on a shared port
        open(os.path.join(self.dir, 'rabbitmq-env.conf'), 'w').close()
        # The node and its CLI find the cookie in HOME; a private one keeps
        # them apart from the machine's node.
        cookie = os.path.join(self.dir, '.erlang.cookie')
        with open(cookie, 'w') as f:
            f.write(uuid.uuid4().hex.upper())
        os.chmod(cookie, 0o400)
        self.env = dict(
            os.environ, HOME=self.dir,
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_IP_ADDRESS='127.0.0.1',
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(dist_port),
            RABBITMQ_MNESIA_BASE=os.path.join(self.dir, 'mnesia'),
            RABBITMQ_LOG_BASE=os.path.join(self.dir, 'log'),
            RABBITMQ_CONFIG_FILE=os.path.join(self.dir, 'rabbitmq.conf'),
            RABBITMQ_CONF_ENV_FILE=os.path.join(self.dir,
                                                'rabbitmq-env.conf'),
            RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(self.dir,
                                                       'enabled_plugins'),
            RABBITMQ_PID_FILE=os.path.join(self.dir, 'rabbit.pid'),
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=(
                '-kernel inet_dist_use_interface {127,0,0,1}'),
            ERL_EPMD_ADDRESS='127.0.0.1')
        self.out = self._log('rabbitmq-server.out')
        self.url = 'rabbit://guest:guest@127.0.0.1:%d/' % self.port

    def spawn(self):
        return subprocess.Popen(
            [os.path.join(RABBIT_BIN, 'rabbitmq-server')], env=self.env,
            cwd=self.dir, stdout=self.out, stderr=subprocess.STDOUT,
            start_new_session=True)

    def check(self):
        # Ready means a client can log in, not merely that the port is open.
        with kombu.Connection('amqp://guest:guest@127.0.0.1:%d//' %
                              self.port, connect_timeout=2) as conn:
            conn.connect()
        return True

    def diagnostics(self, *args):
        """rabbitmq-diagnostics against this node (slow: seconds)."""
        return subprocess.run(
            [os.path.join(RABBIT_BIN, 'rabbitmq-diagnostics'), '-n',
             self.node, *args], env=self.env, capture_output=True,
            text=True, timeout=120)


def _postgres_bin(name):
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/%s' % name))
    return found[-1] if found else shutil.which(name)


class PostgreSQL(_Server):
    """A cluster of its own (initdb, trust auth), run as the postgres OS
    user when the tests run as root."""

    what = 'PostgreSQL'
    kind = 'postgresql'

    def _as_owner(self, args):
        if os.getuid() == 0:
            return ['runuser', '-u', 'postgres', '--'] + args
        return args

    def prepare(self):
        initdb = _postgres_bin('initdb')
        if not initdb:
            services.unavailable(self.test, 'initdb',
                                 'no /usr/lib/postgresql/*/bin/initdb')
        self.pg_ctl = _postgres_bin('pg_ctl')
        if os.getuid() == 0:
            shutil.chown(self.dir, 'postgres')
        self.data = os.path.join(self.dir, 'data')
        subprocess.run(self._as_owner(
            [initdb, '-D', self.data, '-A', 'trust', '-U', 'postgres',
             '--no-sync']), check=True, capture_output=True, timeout=120)
        self.url = 'postgresql+psycopg2://postgres@127.0.0.1:%d/promise' % (
            self.port)

    def spawn(self):
        # pg_ctl returns at once; the server is this directory's postmaster.
        subprocess.run(self._as_owner(
            [self.pg_ctl, '-D', self.data, '-l',
             os.path.join(self.dir, 'postgresql.log'), '-o',
             '-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off' % (
                 self.port, self.dir), 'start']),
            check=True, capture_output=True, timeout=120)
        return None

    def ready(self):
        return self.check()

    def check(self):
        engine = sa.create_engine(
            'postgresql+psycopg2://postgres@127.0.0.1:%d/postgres' %
            self.port, isolation_level='AUTOCOMMIT')
        try:
            with engine.connect() as conn:
                if not conn.execute(sa.text(
                        "SELECT 1 FROM pg_database WHERE datname = "
                        "'promise'")).scalar():
                    conn.execute(sa.text('CREATE DATABASE promise'))
        except sa.exc.OperationalError:
            return False
        finally:
            engine.dispose()
        return True

    def stop(self):
        if os.path.exists(os.path.join(self.data, 'postmaster.pid')):
            subprocess.run(self._as_owner(
                [self.pg_ctl, '-D', self.data, '-m', 'immediate', 'stop']),
                capture_output=True, timeout=120)


class MariaDB(_Server):
    what = 'MariaDB'
    kind = 'mysql'

    def prepare(self):
        install = shutil.which('mariadb-install-db')
        self.mariadbd = shutil.which('mariadbd') or '/usr/sbin/mariadbd'
        if not install or not os.path.exists(self.mariadbd):
            services.unavailable(self.test, 'MariaDB',
                                 'mariadb-install-db or mariadbd missing')
        self.data = os.path.join(self.dir, 'data')
        subprocess.run(
            [install, '--no-defaults', '--datadir=%s' % self.data,
             '--user=%s' % _user(), '--auth-root-authentication-method=normal',
             '--skip-test-db'], check=True, capture_output=True, timeout=120)
        self.out = self._log('mariadbd.log')
        self.url = ('mysql+pymysql://root@127.0.0.1:%d/promise'
                    '?charset=utf8mb4' % self.port)

    def spawn(self):
        return subprocess.Popen(
            [self.mariadbd, '--no-defaults', '--datadir=%s' % self.data,
             '--port=%d' % self.port, '--bind-address=127.0.0.1',
             '--socket=%s' % os.path.join(self.dir, 'mysqld.sock'),
             '--pid-file=%s' % os.path.join(self.dir, 'mysqld.pid'),
             '--user=%s' % _user(), '--skip-log-bin',
             '--innodb-buffer-pool-size=32M'],
            stdout=self.out, stderr=subprocess.STDOUT,
            start_new_session=True)

    def check(self):
        engine = sa.create_engine('mysql+pymysql://root@127.0.0.1:%d/' %
                                  self.port)
        try:
            with engine.connect() as conn:
                conn.execute(sa.text('CREATE DATABASE IF NOT EXISTS promise'))
        except sa.exc.OperationalError:
            return False
        finally:
            engine.dispose()
        return True


def _user():
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name


DATABASES = {'postgresql': PostgreSQL, 'mysql': MariaDB}
