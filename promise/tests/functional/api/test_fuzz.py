"""A few hundred requests generated from the OpenAPI document (fixed seed)
against the real application: no 5xx, every answer as documented.
``tox -e fuzz`` runs thousands against a standalone server."""
import json

import testtools

from promise.tests import fuzz
from promise.tests.functional.api import fixtures
from promise.tests.functional.api import live

REQUESTS = 300
SEED = 20261121


class TestFuzz(testtools.TestCase):
    def test_generated_requests_answer_as_documented(self):
        api = self.useFixture(live.LiveAPI(fixtures.SmallDCFixture))
        recorder = fuzz.fuzz(
            lambda case: case.call(app=api.app), REQUESTS, SEED,
            fetch=lambda path: live.json_of(api.call('GET', path)[1]))
        report = recorder.report(SEED, REQUESTS, 0)
        self.assertGreaterEqual(report['requests'], REQUESTS)
        self.assertEqual(0, report['server_errors'],
                         json.dumps(report['status_histogram']))
        self.assertEqual([], report['failures'],
                         json.dumps(report['failures'], indent=1))
        # Valid requests get through, invalid ones are refused.
        statuses = report['status_histogram']
        self.assertTrue(any(s.startswith('2') for s in statuses), statuses)
        self.assertIn('400', statuses)
