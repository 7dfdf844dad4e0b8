import datetime
import math

from promise import dates
from promise import exceptions
from promise.tests import base


class TestDates(base.TestCase):
    def test_blazar_and_iso_formats(self):
        want = datetime.datetime(2031, 1, 2, 3, 4)
        for text in ('2031-01-02 03:04', '2031-01-02 03:04:00',
                     '2031-01-02T03:04', '2031-01-02T03:04:00Z',
                     '2031-01-02T05:04:00+02:00',
                     '2031-01-02T03:04:00.000000'):
            self.assertEqual(want, dates.parse(text), text)

    def test_now(self):
        now = datetime.datetime(2031, 1, 1)
        self.assertEqual(now, dates.parse('now', now=now))
        self.assertEqual(now, dates.parse(' NOW ', now=now))

    def test_bad(self):
        for value in ('tomorrow', '', 42, None, '2031-13-01 00:00'):
            self.assertRaises(exceptions.InvalidDate, dates.parse, value)

    def test_epoch_round_trip(self):
        value = datetime.datetime(2031, 5, 6, 7, 8, 9)
        self.assertEqual(value, dates.from_epoch(dates.to_epoch(value)))
        self.assertEqual(math.inf, dates.to_epoch(None))
        self.assertIsNone(dates.from_epoch(math.inf))

    def test_durations(self):
        self.assertEqual(datetime.timedelta(days=1),
                         dates.parse_duration('1d'))
        self.assertEqual(datetime.timedelta(hours=12),
                         dates.parse_duration('12h'))
        self.assertEqual(datetime.timedelta(seconds=90),
                         dates.parse_duration(90))
        for bad in ('soon', '-1h', True):
            self.assertRaises(exceptions.ValidationError,
                              dates.parse_duration, bad)
