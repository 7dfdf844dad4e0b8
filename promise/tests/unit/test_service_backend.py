"""Which oslo.service backend Promise's processes get, and that its client
side (the openstack CLI plugin) loads none."""
import subprocess
import sys

import testtools


def _python(code):
    return subprocess.run([sys.executable, '-W', 'ignore', '-c', code],
                          capture_output=True, text=True, timeout=120,
                          check=True).stdout.strip()


class TestServiceBackend(testtools.TestCase):
    def test_services_run_on_native_threads(self):
        self.assertEqual('threading', _python(
            'import promise.cmd.manager, oslo_messaging\n'
            'from oslo_service import backend\n'
            'backend.get_backend()\n'
            'print(backend.get_backend_type().value)'))

    def test_the_cli_plugin_loads_no_backend(self):
        self.assertEqual('False False', _python(
            'import sys, promise.osc.plugin, promise.osc.v1.leases\n'
            'print("eventlet" in sys.modules, '
            '"oslo_service.backend._threading" in sys.modules)'))
