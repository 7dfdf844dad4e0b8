"""A real Keystone for functional tests, in its own virtualenv.

tools/test.sh installs it and exports PROMISE_TEST_KEYSTONE_VENV.
"""
import os
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
        self.port = processes.free_port()
        self.url = 'http://127.0.0.1:%d/v3' % self.port
        conf = os.path.join(self.dir, 'keystone.conf')
        with open(conf, 'w') as f:
            f.write('[database]\nconnection = sqlite:///%s/keystone.db\n'
                    '[token]\nprovider = fernet\n'
                    '[fernet_tokens]\nkey_repository = %s/fernet\n'
                    '[fernet_receipts]\nkey_repository = %s/receipts\n'
                    '[credential]\nkey_repository = %s/credential\n'
                    % ((self.dir,) * 4))
        env = dict(os.environ, OS_KEYSTONE_CONFIG_DIR=self.dir)
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
            subprocess.run(base + args, env=env, check=True,
                           capture_output=True, timeout=120)
        with open(os.path.join(self.dir, 'ks_wsgi.py'), 'w') as f:
            f.write(_WSGI_WRAPPER)
        log = open(os.path.join(self.dir, 'keystone.log'), 'ab')
        self.addCleanup(log.close)
        self.proc = subprocess.Popen(
            [os.path.join(venv, 'bin', 'gunicorn'), '--chdir', self.dir,
             '-b', '127.0.0.1:%d' % self.port, '-w', '2',
             'ks_wsgi:application'],
            env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.addCleanup(self._stop)
        processes.wait_for(
            lambda: requests.get(self.url, timeout=2).status_code == 200,
            timeout=60, what='Keystone to start')
        self.admin = self.session('admin', ADMIN_PASSWORD, 'admin')
        self.client = ks_client.Client(session=self.admin)

    def _stop(self):
        import signal
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)

    def session(self, user, password, project):
        auth = v3.Password(auth_url=self.url, username=user,
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
