"""Runs phases of the DevStack plugin in a temporary directory, with the
stand-ins of stand-ins.sh for DevStack's functions."""
import os
import subprocess
import sys

import fixtures

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
DEVSTACK = os.path.join(REPO, 'devstack')

_DRIVER = r'''
set -o errexit -o nounset -o pipefail
source "$PROMISE_TEST_STAND_INS"
source "$PROMISE_TEST_DEVSTACK/settings"
for phase in "$@"; do
    # DevStack sources plugin.sh once per phase, with mode and phase.
    source "$PROMISE_TEST_DEVSTACK/plugin.sh" ${phase/:/ }
done
'''

# Console scripts the plugin runs: they record how they were called.
_RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "%s"\n'

DEFAULT_SERVICES = ('key,mysql,rabbit,n-api,n-sch,n-cond,n-cpu,placement-api,'
                    'horizon')


class Sandbox(fixtures.Fixture):
    """A DevStack-like tree: $SANDBOX/etc, data, opt/stack, bin."""

    def __init__(self, services=DEFAULT_SERVICES, nova_conf=None, **env):
        super().__init__()
        self.services = services
        self.nova_conf_text = nova_conf
        self.env = env

    def _setUp(self):
        self.root = self.useFixture(fixtures.TempDir()).path
        self.calls_file = os.path.join(self.root, 'calls')
        bin_dir = os.path.join(self.root, 'bin')
        os.makedirs(bin_dir)
        for name in ('promise-db-manage', 'promise-status', 'uwsgi'):
            path = os.path.join(bin_dir, name)
            with open(path, 'w') as f:
                f.write(_RECORDER % self.calls_file)
            os.chmod(path, 0o755)
        self.promise_conf = os.path.join(self.root, 'etc', 'promise',
                                         'promise.conf')
        self.uwsgi_conf = os.path.join(self.root, 'etc', 'promise',
                                       'promise-api-uwsgi.ini')
        self.nova_conf = os.path.join(self.root, 'etc', 'nova', 'nova.conf')
        os.makedirs(os.path.dirname(self.nova_conf))
        if self.nova_conf_text is not None:
            with open(self.nova_conf, 'w') as f:
                f.write(self.nova_conf_text)
        self.horizon_enabled = os.path.join(
            self.root, 'opt', 'stack', 'horizon', 'openstack_dashboard',
            'local', 'enabled')
        os.makedirs(self.horizon_enabled)

    def run(self, *phases, expect_failure=False):
        """Run the phases ("stack:post-config", "unstack:", ...) in one
        shell, as stack.sh and unstack.sh do."""
        env = {
            'PATH': '%s:%s' % (os.path.join(self.root, 'bin'),
                               os.environ.get('PATH', '/usr/bin:/bin')),
            'HOME': self.root,
            'SANDBOX': self.root,
            'ENABLED_SERVICES': self.services,
            'PROMISE_DIR': REPO,
            'PROMISE_CONF_DIR': os.path.dirname(self.promise_conf),
            'PROMISE_TEST_PYTHON': sys.executable,
            'PROMISE_TEST_INI_TOOL': os.path.join(HERE, 'ini_tool.py'),
            'PROMISE_TEST_STAND_INS': os.path.join(HERE, 'stand-ins.sh'),
            'PROMISE_TEST_DEVSTACK': DEVSTACK,
        }
        env.update(self.env)
        proc = subprocess.run(['bash', '-c', _DRIVER, 'driver'] +
                              list(phases), env=env, capture_output=True,
                              text=True, timeout=180)
        if (proc.returncode != 0) != expect_failure:
            raise AssertionError('phases %s exited with %d:\n%s%s' % (
                phases, proc.returncode, proc.stdout, proc.stderr))
        return proc

    def calls(self):
        if not os.path.exists(self.calls_file):
            return []
        with open(self.calls_file) as f:
            return f.read().splitlines()

    def read(self, path):
        with open(path) as f:
            return f.read()
