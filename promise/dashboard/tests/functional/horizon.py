"""A real Horizon, with the Promise panels enabled as the installation
guide says, served by Django's server in a process of its own."""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import fixtures
import requests

from promise.dashboard import enabled as promise_enabled
from promise.tests.functional import processes

LOCAL_SETTINGS = '''
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = 'promise-browser-test'
OPENSTACK_KEYSTONE_URL = %(keystone)r
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
CACHES = {'default': {
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}
STATIC_ROOT = %(static)r
COMPRESS_OFFLINE = False
TIME_ZONE = 'UTC'
'''


def install_enabled_files():
    """Copy the enabled files into openstack_dashboard/local/enabled, as
    the installation guide says to (an atomic replace each, so that
    parallel tests never see half a file)."""
    import openstack_dashboard.local.enabled as local_enabled
    target = os.path.dirname(local_enabled.__file__)
    source = os.path.dirname(promise_enabled.__file__)
    for path in sorted(glob.glob(os.path.join(source, '_9*.py'))):
        fd, tmp = tempfile.mkstemp(dir=target, suffix='.tmp')
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, os.path.join(target, os.path.basename(path)))


class Horizon(fixtures.Fixture):
    def __init__(self, keystone_url):
        super().__init__()
        self.keystone_url = keystone_url

    def _setUp(self):
        install_enabled_files()
        self.dir = self.useFixture(fixtures.TempDir()).path
        local = os.path.join(self.dir, 'local')
        os.mkdir(local)
        open(os.path.join(local, '__init__.py'), 'w').close()
        with open(os.path.join(local, 'local_settings.py'), 'w') as f:
            f.write(LOCAL_SETTINGS % {
                'keystone': self.keystone_url,
                'static': os.path.join(self.dir, 'static')})
        self.port = processes.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        env = dict(os.environ,
                   DJANGO_SETTINGS_MODULE='openstack_dashboard.settings',
                   PYTHONPATH=os.pathsep.join(
                       [self.dir] + os.environ.get('PYTHONPATH', '').split(
                           os.pathsep)).rstrip(os.pathsep),
                   PYTHONWARNINGS='ignore')
        self.log_path = os.path.join(self.dir, 'horizon.log')
        log = open(self.log_path, 'ab')
        self.addCleanup(log.close)
        # --insecure: Django serves the static files with DEBUG off.
        self.proc = subprocess.Popen(
            [sys.executable, '-m', 'django', 'runserver', '--noreload',
             '--insecure', '127.0.0.1:%d' % self.port],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir,
            start_new_session=True)
        self.addCleanup(self._stop)
        processes.wait_for(self._ready, timeout=120,
                           what='Horizon on %s' % self.url)

    def _ready(self):
        if self.proc.poll() is not None:
            raise AssertionError('Horizon exited with %s:\n%s' % (
                self.proc.returncode, self.log()))
        return requests.get(self.url + '/auth/login/',
                            timeout=30).status_code == 200

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()[-20000:]

    def _stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(20)
