"""Run promise-api and promise-manager as real processes."""
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import fixtures
import requests
from testtools import content

BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def script(name):
    path = os.path.join(BIN, name)
    if not os.path.exists(path):
        raise RuntimeError('%s is not installed next to %s' %
                           (name, sys.executable))
    return path


class ServiceConfig(fixtures.Fixture):
    """A promise.conf for processes sharing a database and a broker."""

    def __init__(self, database_url, transport_url, auth_strategy='noauth',
                 extra=None):
        super().__init__()
        self.database_url = database_url
        self.transport_url = transport_url
        self.auth_strategy = auth_strategy
        self.extra = extra or {}

    def _setUp(self):
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.port = free_port()
        # A topic of its own, so that tests sharing the broker never
        # answer each other's calls.
        self.topic = 'promise.manager.%s' % uuid.uuid4().hex[:8]
        sections = {
            'DEFAULT': {'auth_strategy': self.auth_strategy,
                        'transport_url': self.transport_url,
                        'state_path': self.dir,
                        'log_dir': self.dir},
            'database': {'connection': self.database_url},
            'api': {'host': '127.0.0.1', 'port': self.port, 'workers': 1,
                    'threads': 4, 'rpc_response_timeout': 15},
            'manager': {'topic': self.topic, 'event_interval': 1},
        }
        for key, value in self.extra.items():
            group, _, name = key.rpartition('.')
            sections.setdefault(group or 'DEFAULT', {})[name] = value
        self.path = os.path.join(self.dir, 'promise.conf')
        with open(self.path, 'w') as f:
            for group, values in sections.items():
                f.write('[%s]\n' % group)
                for name, value in values.items():
                    f.write('%s = %s\n' % (name, value))
        self.url = 'http://127.0.0.1:%d' % self.port


class Process(fixtures.Fixture):
    def __init__(self, config, name, *args):
        super().__init__()
        self.config = config
        self.name = name
        self.args = args

    def _setUp(self):
        self.log = os.path.join(self.config.dir, '%s.out' % self.name)
        # The service's own log ends up in the test's details on failure.
        self.addDetail('%s-%d' % (self.name, id(self)), content.Content(
            content.UTF8_TEXT, lambda: [self._logs().encode()]))
        out = open(self.log, 'ab')
        self.addCleanup(out.close)
        self.proc = subprocess.Popen(
            [script(self.name), '--config-file', self.config.path,
             *self.args],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.addCleanup(self.stop)

    def _logs(self):
        text = self.output()
        for name in sorted(os.listdir(self.config.dir)):
            if name.endswith('.log'):
                with open(os.path.join(self.config.dir, name),
                          errors='replace') as f:
                    text += '\n==> %s <==\n%s' % (name, f.read()[-20000:])
        return text

    def output(self):
        with open(self.log, errors='replace') as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is not None:
            return self.proc.returncode
        os.killpg(self.proc.pid, sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait(timeout)


def run(config, name, *args):
    return subprocess.run([script(name), '--config-file', config.path,
                           *args], capture_output=True, text=True,
                          timeout=120)


def wait_for(predicate, timeout=30, interval=0.2, what='condition'):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except (requests.ConnectionError, OSError) as exc:
            last = exc
        time.sleep(interval)
    if callable(what):
        what = what()
    raise AssertionError('timed out waiting for %s (%s)' % (what, last))
