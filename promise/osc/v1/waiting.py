"""``--wait``: poll a lease or an instance until it settles.

Progress goes to stderr, so that ``-f json`` output stays parseable; a
failure is one line and exit status 1, like an API error.
"""
import argparse
import datetime
import time

from osc_lib import exceptions

from promise.osc import client as promise_client

# Seconds between polls once something may change any moment.
INTERVAL = 2.0
# Seconds between two "starts in" lines while a lease waits for its start.
REMINDER = 30.0

LEASE_TIMEOUT = 3600
INSTANCE_TIMEOUT = 600

LEASE_FAILED = ('ERROR', 'TERMINATING', 'TERMINATED')
INSTANCE_BOOTING = ('INITIALIZED', 'BUILDING')


def _seconds(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError('%r is not a positive number of '
                                         'seconds' % text)
    return value


def add_options(parser, until, default_timeout):
    parser.add_argument(
        '--wait', action='store_true',
        help='Wait until %s, printing progress on stderr' % until)
    parser.add_argument(
        '--wait-timeout', metavar='<seconds>', type=_seconds,
        default=default_timeout,
        help='With --wait, give up after this many seconds (default %d)'
             % default_timeout)


def duration(seconds):
    """``3725`` as ``1h02m05s``: how long until a lease starts."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return '%dh%02dm%02ds' % (hours, minutes, seconds)
    if minutes:
        return '%dm%02ds' % (minutes, seconds)
    return '%ds' % seconds


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _date(value):
    # The API answers naive UTC, "2031-01-05T08:00:00.000000".
    return datetime.datetime.fromisoformat(value)


def _label(body):
    name = body.get('name')
    return '%s (%s)' % (name, body['id']) if name else body['id']


def _first_up(text):
    return text[:1].upper() + text[1:]


def _reason(body):
    reason = body.get('status_reason')
    return ': %s' % ' '.join(str(reason).split()) if reason else ''


class Waiter:
    """A deadline, a progress stream and the clock; tests replace the
    clock and the sleep."""

    def __init__(self, stream, timeout, clock=None, sleep=None,
                 utcnow=None):
        self.stream = stream
        self.timeout = timeout
        self.clock = clock or time.monotonic
        self.sleep = sleep or time.sleep
        self.utcnow = utcnow or _utcnow
        self.deadline = self.clock() + timeout

    def say(self, text):
        self.stream.write(text + '\n')
        self.stream.flush()

    def remaining(self):
        return self.deadline - self.clock()

    def pause(self, seconds, what, status):
        remaining = self.remaining()
        if remaining <= 0:
            raise exceptions.CommandError(
                'Timed out after %ds waiting for %s: it is still %s' % (
                    self.timeout, what, status))
        self.sleep(min(seconds, remaining))


def _started(lease):
    return any(e.get('event_type') == 'start_lease' and
               e.get('status') == 'DONE' for e in lease.get('events') or ())


def lease(client, body, waiter):
    """Poll until the lease is ACTIVE; its last body."""
    what = 'lease %s' % _label(body)
    start = _date(body['start_date'])
    last_status = None
    last_reminder = None
    while True:
        status = body['status']
        if status != last_status:
            waiter.say('%s: %s' % (what, status))
            last_status = status
        if status == 'ACTIVE':
            return body
        if status in LEASE_FAILED or (status == 'DEGRADED' and
                                      _started(body)):
            raise exceptions.CommandError('%s is %s%s' % (
                _first_up(what), status, _reason(body)))
        to_start = (start - waiter.utcnow()).total_seconds()
        if to_start > 0:
            if to_start > waiter.remaining():
                raise exceptions.CommandError(
                    '%s starts at %s, after the wait timeout of %ds: '
                    'not waiting' % (_first_up(what),
                                     promise_client.short_date(
                                         body['start_date']),
                                     waiter.timeout))
            now = waiter.clock()
            if last_reminder is None or now - last_reminder >= REMINDER:
                waiter.say('%s: %s, starts in %s' % (what, status,
                                                     duration(to_start)))
                last_reminder = now
            # Sleep through most of a distant start, in reminder steps.
            step = max(INTERVAL, min(REMINDER, to_start))
        else:
            step = INTERVAL
        waiter.pause(step, what, status)
        try:
            body = client.get('/leases/%s' % body['id'])['lease']
        except promise_client.ApiError as exc:
            if exc.status == 404:
                raise exceptions.CommandError('%s was deleted' %
                                              _first_up(what))
            raise


def instance_active(client, body, waiter):
    """Poll until the instance is ACTIVE; its last body."""
    what = 'instance %s' % _label(body)

    def settled(body):
        if body['status'] == 'ACTIVE':
            return True
        if body['status'] in INSTANCE_BOOTING:
            return False
        raise exceptions.CommandError('%s is %s%s' % (
            _first_up(what), body['status'], _reason(body)))

    def gone():
        raise exceptions.CommandError('%s was deleted' % _first_up(what))

    return _instance(client, body, waiter, what, settled, gone)


def instance_deleted(client, body, waiter):
    """Poll until the instance is DELETED or gone."""
    what = 'instance %s' % _label(body)

    def settled(body):
        if body['status'] == 'ERROR':
            raise exceptions.CommandError('%s is ERROR%s' % (
                _first_up(what), _reason(body)))
        return body['status'] == 'DELETED'

    return _instance(client, body, waiter, what, settled, lambda: None)


def _instance(client, body, waiter, what, settled, gone):
    last_status = None
    while True:
        if body['status'] != last_status:
            last_status = body['status']
            waiter.say('%s: %s' % (what, last_status))
        if settled(body):
            return body
        waiter.pause(INTERVAL, what, last_status)
        try:
            body = client.get('/instances/%s' % body['id'])['instance']
        except promise_client.ApiError as exc:
            if exc.status != 404:
                raise
            waiter.say('%s: gone' % what)
            return gone()
