import threading
import time
from unittest import mock

from promise import rpc
from promise.tests import base


class _Driver:
    """Stands for an AMQP driver whose reply queue opens after
    ``failures`` failed attempts."""

    def __init__(self, failures=0, delay=0.0):
        self._reply_q = None
        self.failures = failures
        self.delay = delay
        self.attempts = 0

    def _get_reply_q(self):
        self.attempts += 1
        time.sleep(self.delay)
        if self.attempts <= self.failures:
            raise ConnectionError('broker refused')
        self._reply_q = 'reply_x'
        return self._reply_q


class TestTransport(base.TestCase):

    def test_concurrent_first_calls_share_one_transport(self):
        made = []

        def slow_transport(*args, **kwargs):
            time.sleep(0.05)  # long enough for the callers to overlap
            transport = mock.Mock(name='transport-%d' % len(made))
            made.append(transport)
            return transport

        barrier = threading.Barrier(8)
        seen = []

        def first_call():
            barrier.wait()
            seen.append(rpc.get_transport())

        with mock.patch.object(rpc.messaging, 'get_rpc_transport',
                               side_effect=slow_transport):
            threads = [threading.Thread(target=first_call)
                       for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(1, len(made))
        self.assertEqual([made[0]] * 8, seen)


class TestReplyChannel(base.TestCase):

    def _with_driver(self, driver):
        transport = mock.Mock(_driver=driver)
        patcher = mock.patch.object(rpc, 'get_transport',
                                    return_value=transport)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(setattr, rpc, '_REPLY_THREAD', None)

    def test_zero_timeout_starts_opening_without_waiting(self):
        driver = _Driver(delay=0.3)
        self._with_driver(driver)
        self.assertFalse(rpc.reply_channel_ready(0))
        self.assertTrue(rpc.reply_channel_ready(5))
        self.assertEqual(1, driver.attempts)

    def test_failed_opening_is_retried_within_the_wait(self):
        driver = _Driver(failures=2)
        self._with_driver(driver)
        with mock.patch.object(rpc, '_REOPEN_DELAY', 0.01):
            self.assertTrue(rpc.reply_channel_ready(5))
        self.assertEqual(3, driver.attempts)
        self.assertEqual('reply_x', driver._reply_q)

    def test_an_unreachable_broker_ends_the_wait(self):
        driver = _Driver(failures=10 ** 6)
        self._with_driver(driver)
        with mock.patch.object(rpc, '_REOPEN_DELAY', 0.01):
            self.assertFalse(rpc.reply_channel_ready(0.2))
        self.assertGreater(driver.attempts, 1)

    def test_concurrent_waiters_all_see_the_queue(self):
        driver = _Driver(delay=0.1)
        self._with_driver(driver)
        barrier = threading.Barrier(10)
        answers = []

        def wait():
            barrier.wait()
            answers.append(rpc.reply_channel_ready(5))

        threads = [threading.Thread(target=wait) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([True] * 10, answers)
        self.assertEqual(1, driver.attempts)
