"""The real Nova, in-process, for functional tests.

Nova's functional base (``_IntegratedTestBase``) runs the real API behind
wsgi-intercept, conductor, scheduler, Placement and fake-driver computes
in one process. Tests run it in a child process because Nova's test
package chooses its concurrency mode (eventlet monkey patching or native
threads) when it is first imported, which must happen before anything
else loads eventlet, and because nova.conf and Promise's configuration
register options on the same global CONF, some under the same names. So
this module, and what the child imports, must not load Promise's
configuration.
"""
import importlib.util
import os
import subprocess
import sys
import unittest

from testtools import content

from promise.tests.functional import services

# Nova is imported before anything of Promise.
CHILD = """\
import importlib
import sys
from nova.tests.functional import integrated_helpers  # noqa: F401
module = importlib.import_module(sys.argv[1])
sys.exit(module.run_scenario(*sys.argv[2:]))
"""

CHILD_TIMEOUT = 200
HOSTS = ('host1', 'host2')
# Nova's MediumFakeDriver.
FAKE_VCPUS, FAKE_MEMORY_MB, FAKE_LOCAL_GB = 10, 8192, 1028


def run_child(test, module, *args):
    """Run ``module.run_scenario(*args)`` in a child where Nova was
    imported first; fail the test unless it returned 0."""
    if importlib.util.find_spec('nova') is None:
        services.unavailable(test, 'nova', 'the nova package is not installed')
    # OS_NOVA_DISABLE_EVENTLET_PATCHING, when set, picks Nova's concurrency
    # mode in the child as it does in Nova's own tests.
    result = subprocess.run(
        [sys.executable, '-c', CHILD, module] + list(args),
        capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    test.addDetail('nova', content.text_content(
        result.stdout + result.stderr))
    test.assertEqual(0, result.returncode,
                     'scenarios failed:\n%s' % result.stderr[-6000:])
    return result


def run_tests(cls, names):
    """Run the named tests of ``cls`` (comma-separated); 0 when all
    passed."""
    suite = unittest.TestSuite([cls(name) for name in names.split(',')])
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(
        suite)
    return 0 if result.wasSuccessful() else 1


def two_fake_computes():
    """Nova's functional base with two MediumFakeDriver computes, host1
    and host2, as administrator; defined only where Nova is imported."""
    from nova.tests.functional import integrated_helpers

    class TwoFakeComputes(integrated_helpers._IntegratedTestBase):
        ADMIN_API = True
        microversion = 'latest'

        def setUp(self):
            self.flags(compute_driver='fake.MediumFakeDriver')
            self.flags(reserved_host_memory_mb=0)
            self.flags(api_paste_config=os.path.join(
                sys.prefix, 'etc', 'nova', 'api-paste.ini'), group='wsgi')
            super().setUp()

        def _setup_compute_service(self):
            for host in HOSTS[:-1]:
                self._start_compute(host)
            return self._start_compute(HOSTS[-1])

    return TwoFakeComputes
