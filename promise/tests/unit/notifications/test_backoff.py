import testtools

from promise.notifications import backoff


class TestBackoff(testtools.TestCase):

    def test_doubles_with_jitter_and_a_ceiling(self):
        for attempt, low in ((1, 5), (2, 10), (3, 20), (4, 40)):
            for _ in range(20):
                wait = backoff.delay(attempt, 5, 3600)
                self.assertGreaterEqual(wait, low)
                self.assertLessEqual(wait, low + 5)
        self.assertEqual(3600, backoff.delay(30, 5, 3600))
        self.assertEqual(3600, backoff.delay(5000, 5, 3600))

    def test_jitter_spreads_retries(self):
        waits = {backoff.delay(3, 5, 3600) for _ in range(20)}
        self.assertGreater(len(waits), 1)
