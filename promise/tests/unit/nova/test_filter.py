"""Runs filter_cases (PromiseFilter with Nova's classes) in a child
process; see that module for why."""
import importlib.util
import subprocess
import sys

import testtools
from testtools import content

from promise.tests.functional import services


class TestFilterWithNova(testtools.TestCase):
    def test_filter_cases(self):
        if importlib.util.find_spec('nova') is None:
            services.unavailable(self, 'nova',
                                 'the nova package is not installed')
        result = subprocess.run(
            [sys.executable, '-m', 'unittest', '-v',
             'promise.tests.unit.nova.filter_cases'],
            capture_output=True, text=True, timeout=300)
        self.addDetail('filter_cases', content.text_content(
            result.stdout + result.stderr))
        self.assertEqual(0, result.returncode, result.stderr[-4000:])
        self.assertIn('OK', result.stderr.splitlines()[-1])
