"""Dates as the API accepts them, and the engine's numeric time.

The API takes Blazar's "YYYY-MM-DD HH:MM" and ISO 8601 (with or without
seconds, fraction or offset) and the word "now". Dates are stored as naive
UTC datetimes; the capacity engine works on epoch seconds.
"""
import calendar
import datetime
import math

from oslo_utils import timeutils

from promise import exceptions

BLAZAR_FORMATS = ('%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S')
FAR_FUTURE = datetime.datetime(9999, 12, 31)


def utcnow():
    return timeutils.utcnow().replace(tzinfo=None, microsecond=0)


def parse(value, field='date', now=None):
    """A naive UTC datetime from API input, or InvalidDate."""
    if isinstance(value, datetime.datetime):
        return _naive_utc(value)
    if not isinstance(value, str) or not value.strip():
        raise exceptions.InvalidDate(date=repr(value),
                                     reason='%s must be a date string' %
                                     field)
    text = value.strip()
    if text.lower() == 'now':
        return now or utcnow()
    for fmt in BLAZAR_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        parsed = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    except ValueError:
        raise exceptions.InvalidDate(
            date=repr(value),
            reason='%s must be "YYYY-MM-DD HH:MM", ISO 8601 or "now"' % field)
    return _naive_utc(parsed)


def _naive_utc(value):
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def to_epoch(value):
    if value is None:
        return math.inf
    return calendar.timegm(value.timetuple()) + value.microsecond / 1e6


def from_epoch(value):
    if value is None or value == math.inf:
        return None
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=value)


def parse_duration(value, field='duration'):
    """Seconds from an integer or Blazar's "1d", "12h", "30m", "45s"."""
    if isinstance(value, bool):
        raise exceptions.ValidationError(reason='%s is not a duration' %
                                         field)
    if isinstance(value, (int, float)):
        seconds = value
    else:
        text = str(value).strip().lower()
        units = {'d': 86400, 'h': 3600, 'm': 60, 's': 1}
        try:
            if text and text[-1] in units:
                seconds = float(text[:-1]) * units[text[-1]]
            else:
                seconds = float(text)
        except ValueError:
            raise exceptions.ValidationError(
                reason='%s must be seconds or a number followed by d, h, m '
                       'or s, not %r' % (field, value))
    if seconds < 0 or seconds != seconds:
        raise exceptions.ValidationError(reason='%s must not be negative' %
                                         field)
    return datetime.timedelta(seconds=seconds)
