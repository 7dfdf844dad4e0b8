"""A real Keystone for functional tests, in its own virtualenv.

tools/test.sh installs it and exports PROMISE_TEST_KEYSTONE_VENV.
"""
import os
import signal
import subprocess

import fixtures
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client
import requests

from promise.tests.functional import processes
from promise.tests.functional import services

ADMIN_PASSWORD = 'promise-admin-secret'

_WSGI_WRAPPER = '''import sys
# Keystone parses sys.argv for its own options: hide gunicorn's.
sys.argv = sys.argv[:1]
from keystone.server.wsgi import initialize_public_application
application = initialize_public_application()
'''


class Keystone(fixtures.Fixture):
    def __init__(self, test):
        super().__init__()
        self.test = test

    def _setUp(self):
        venv = os.environ.get('PROMISE_TEST_KEYSTONE_VENV', '')
        manage = os.path.join(venv, 'bin', 'keystone-manage')
        if not venv or not os.path.exists(manage):
            services.unavailable(self.test, 'Keystone',
                                 'set PROMISE_TEST_KEYSTONE_VENV to a '
                                 'virtualenv with keystone and gunicorn '
                                 '(tools/test.sh does)')
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.passwords = {}
        self.port = processes.free_port()
        self.url = 'http://127.0.0.1:%d/v3' % self.port
        conf = self._write_conf(self.dir)
        self.env = dict(os.environ, OS_KEYSTONE_CONFIG_DIR=self.dir)
        base = [manage, '--config-file', conf]
        for args in (['db_sync'],
                     ['fernet_setup', '--keystone-user', str(os.getuid()),
                      '--keystone-group', str(os.getgid())],
                     ['credential_setup', '--keystone-user',
                      str(os.getuid()), '--keystone-group',
                      str(os.getgid())],
                     ['bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
                      '--bootstrap-admin-url', self.url,
                      '--bootstrap-public-url', self.url,
                      '--bootstrap-internal-url', self.url,
                      '--bootstrap-region-id', 'RegionOne']):
            subprocess.run(base + args, env=self.env, check=True,
                           capture_output=True, timeout=120)
        self.venv = venv
        # One process: two on one SQLite file answered 500s ("database is
        # locked") to concurrent logins on a loaded machine.
        self.proc = self._serve(self.dir, self.port, workers=1)
        self.admin = self.session('admin', ADMIN_PASSWORD, 'admin')
        self.client = ks_client.Client(session=self.admin)

    def _write_conf(self, conf_dir, token_expiration=None):
        conf = os.path.join(conf_dir, 'keystone.conf')
        with open(conf, 'w') as f:
            f.write('[database]\nconnection = sqlite:///%s/keystone.db\n'
                    '[token]\nprovider = fernet\n'
                    '[fernet_tokens]\nkey_repository = %s/fernet\n'
                    '[fernet_receipts]\nkey_repository = %s/receipts\n'
                    '[credential]\nkey_repository = %s/credential\n'
                    % ((self.dir,) * 4))
            if token_expiration is not None:
                f.write('[token]\nexpiration = %d\n' % token_expiration)
        with open(os.path.join(conf_dir, 'ks_wsgi.py'), 'w') as f:
            f.write(_WSGI_WRAPPER)
        return conf

    def _serve(self, conf_dir, port, workers):
        log = open(os.path.join(conf_dir, 'keystone.log'), 'ab')
        self.addCleanup(log.close)
        proc = subprocess.Popen(
            [os.path.join(self.venv, 'bin', 'gunicorn'), '--chdir',
             conf_dir, '-b', '127.0.0.1:%d' % port, '-w', str(workers),
             'ks_wsgi:application'],
            env=dict(self.env, OS_KEYSTONE_CONFIG_DIR=conf_dir),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.addCleanup(self._stop, proc)
        url = 'http://127.0.0.1:%d/v3' % port
        processes.wait_for(
            lambda: requests.get(url, timeout=2).status_code == 200,
            timeout=90, what='Keystone to start')
        return proc

    def short_lived_issuer(self, expiration):
        """The URL of a second Keystone process over the same database and
        keys that issues tokens expiring after ``expiration`` seconds: the
        main one validates them, and finds them expired once that time has
        passed."""
        conf_dir = os.path.join(self.dir, 'short-lived')
        os.makedirs(conf_dir, exist_ok=True)
        self._write_conf(conf_dir, token_expiration=expiration)
        port = processes.free_port()
        self._serve(conf_dir, port, workers=1)
        return 'http://127.0.0.1:%d/v3' % port

    def revoke(self, token):
        resp = requests.delete(
            self.url + '/auth/tokens', timeout=30,
            headers={'X-Auth-Token': self.admin.get_token(),
                     'X-Subject-Token': token})
        resp.raise_for_status()

    def _stop(self, proc):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(20)

    def session(self, user, password, project, auth_url=None):
        auth = v3.Password(auth_url=auth_url or self.url, username=user,
                           password=password, project_name=project,
                           user_domain_id='default',
                           project_domain_id='default')
        return ks_session.Session(auth=auth)

    def make_user(self, name, project, role):
        """A user with a role on a project (both made if missing)."""
        projects = self.client.projects.list(name=project)
        proj = projects[0] if projects else self.client.projects.create(
            project, 'default')
        password = '%s-secret' % name
        user = self.client.users.create(name, domain='default',
                                        password=password)
        role_ref = self.client.roles.list(name=role)[0]
        self.client.roles.grant(role_ref, user=user, project=proj)
        self.passwords[name] = (password, project)
        return self.session(name, password, project), proj.id

    def authtoken_options(self):
        """[keystone_authtoken] options for a Promise service."""
        return {'keystone_authtoken.www_authenticate_uri': self.url,
                'keystone_authtoken.auth_url': self.url,
                'keystone_authtoken.auth_type': 'password',
                'keystone_authtoken.username': 'admin',
                'keystone_authtoken.password': ADMIN_PASSWORD,
                'keystone_authtoken.project_name': 'admin',
                'keystone_authtoken.user_domain_id': 'default',
                'keystone_authtoken.project_domain_id': 'default'}
