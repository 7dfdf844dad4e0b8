import datetime
import io
from unittest import mock

import fixtures
from osc_lib import exceptions
import testtools

from promise.osc import client as promise_client
from promise.osc.v1 import instances
from promise.osc.v1 import leases
from promise.osc.v1 import waiting
from promise.tests.unit.osc import test_commands

NOW = datetime.datetime(2031, 1, 5, 8, 0, 0)


class Clock:
    """Monotonic and wall clocks that move only when the code sleeps."""

    def __init__(self):
        self.elapsed = 0.0
        self.sleeps = []

    def monotonic(self):
        return self.elapsed

    def utcnow(self):
        return NOW + datetime.timedelta(seconds=self.elapsed)

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.elapsed += seconds


def lease(status, start_in=0, reason=None, started=False):
    start = NOW + datetime.timedelta(seconds=start_in)
    body = {'id': 'L', 'name': 'web', 'status': status,
            'start_date': start.strftime('%Y-%m-%dT%H:%M:%S.%f'),
            'events': [{'event_type': 'start_lease',
                        'status': 'DONE' if started else 'UNDONE'}]}
    if reason:
        body['status_reason'] = reason
    return body


def instance(status, reason=None):
    return {'id': 'I', 'name': 'vm', 'status': status,
            'status_reason': reason}


def not_found():
    return promise_client.ApiError(404, 'NotFound', 'gone')


class WaitTest(test_commands.CommandTest):
    def setUp(self):
        super().setUp()
        self.clock = Clock()
        self.app.stderr = io.StringIO()
        for name in ('monotonic', 'sleep'):
            self.useFixture(fixtures.MockPatchObject(
                waiting.time, name, getattr(self.clock, name)))
        self.useFixture(fixtures.MockPatchObject(
            waiting, '_utcnow', self.clock.utcnow))

    def progress(self):
        return self.app.stderr.getvalue().splitlines()

    def answers(self, key, *bodies):
        """GETs answer these bodies (or raise these errors) in turn."""
        def get(path):
            body = answers.pop(0)
            if isinstance(body, Exception):
                raise body
            return {key: body}
        answers = list(bodies)
        self.client.get.side_effect = get

    def fails(self, cls, argv):
        cmd, args = self.parse(cls, argv)
        exc = self.assertRaises(exceptions.CommandError, cmd.take_action,
                                args)
        message = str(exc)
        self.assertEqual(1, len(message.splitlines()), message)
        return message


class TestLeaseWait(WaitTest):
    ARGV = ['web', '--end-date', '2031-01-06 08:00', '--reservation',
            'resource_type=physical:host,min=1,max=1', '--wait']

    def test_waits_through_the_start(self):
        self.client.post.return_value = {'lease': lease('PENDING', 65)}
        self.answers('lease', lease('PENDING', 65), lease('PENDING', 65),
                     lease('STARTING', 65),
                     lease('ACTIVE', 65, started=True))
        cmd, args = self.parse(leases.CreateLease, self.ARGV)
        names, values = cmd.take_action(args)
        self.assertEqual('ACTIVE', dict(zip(names, values))['status'])
        self.assertEqual(['lease web (L): PENDING',
                          'lease web (L): PENDING, starts in 1m05s',
                          'lease web (L): PENDING, starts in 35s',
                          'lease web (L): PENDING, starts in 5s',
                          'lease web (L): STARTING',
                          'lease web (L): ACTIVE'], self.progress())
        # Long sleeps before the start, short ones after it.
        self.assertEqual([30.0, 30.0, 5.0, 2.0], self.clock.sleeps)
        self.client.get.assert_called_with('/leases/L')

    def test_without_wait_returns_the_created_lease(self):
        self.client.post.return_value = {'lease': lease('PENDING', 65)}
        cmd, args = self.parse(leases.CreateLease, self.ARGV[:-1])
        names, values = cmd.take_action(args)
        self.assertEqual('PENDING', dict(zip(names, values))['status'])
        self.client.get.assert_not_called()
        self.assertEqual('', self.app.stderr.getvalue())

    def test_error_stops_at_once_with_the_reason(self):
        self.client.post.return_value = {'lease': lease('PENDING')}
        self.answers('lease', lease('ERROR', reason='Start failed:\n'
                                                    'no host'))
        message = self.fails(leases.CreateLease, self.ARGV)
        self.assertEqual('Lease web (L) is ERROR: Start failed: no host',
                         message)

    def test_deleted_while_waiting(self):
        self.client.post.return_value = {'lease': lease('PENDING', 3)}
        self.answers('lease', not_found())
        self.assertEqual('Lease web (L) was deleted',
                         self.fails(leases.CreateLease, self.ARGV))

    def test_other_api_errors_pass_through(self):
        self.client.post.return_value = {'lease': lease('PENDING', 3)}
        self.answers('lease', promise_client.ApiError(403, 'Forbidden',
                                                      'no'))
        self.assertEqual('Forbidden (HTTP 403): no',
                         self.fails(leases.CreateLease, self.ARGV))

    def test_start_after_the_timeout_fails_without_waiting(self):
        self.client.post.return_value = {'lease': lease('PENDING', 7200)}
        message = self.fails(leases.CreateLease,
                             self.ARGV + ['--wait-timeout', '600'])
        self.assertEqual('Lease web (L) starts at 2031-01-05 10:00, after '
                         'the wait timeout of 600s: not waiting', message)
        self.client.get.assert_not_called()
        self.assertEqual([], self.clock.sleeps)

    def test_timeout_says_the_last_status(self):
        self.client.post.return_value = {'lease': lease('PENDING', 1)}
        self.answers('lease', *[lease('STARTING', 1)] * 10)
        message = self.fails(leases.CreateLease,
                             self.ARGV + ['--wait-timeout', '7'])
        self.assertEqual('Timed out after 7s waiting for lease web (L): it '
                         'is still STARTING', message)
        self.assertEqual(7, sum(self.clock.sleeps))

    def test_degraded_waits_for_the_start_then_fails(self):
        self.client.post.return_value = {'lease': lease('PENDING', 10)}
        self.answers('lease', lease('DEGRADED', 10, reason='host lost'),
                     lease('DEGRADED', 10, reason='host lost',
                           started=True))
        message = self.fails(leases.CreateLease, self.ARGV)
        self.assertEqual('Lease web (L) is DEGRADED: host lost', message)
        self.assertEqual(2, self.client.get.call_count)

    def test_bad_timeouts(self):
        for value in ('0', '-3', 'soon'):
            self.parse_error(leases.CreateLease,
                             self.ARGV + ['--wait-timeout', value])


class TestInstanceWait(WaitTest):
    ARGV = ['vm', '--flavor', 'tiny', '--reservation', 'R', '--wait']

    def test_create_waits_until_active(self):
        self.client.post.return_value = {'instance':
                                         instance('INITIALIZED')}
        self.answers('instance', instance('BUILDING'), instance('BUILDING'),
                     instance('ACTIVE'))
        cmd, args = self.parse(instances.CreateInstance, self.ARGV)
        names, values = cmd.take_action(args)
        self.assertEqual('ACTIVE', dict(zip(names, values))['status'])
        self.assertEqual(['instance vm (I): INITIALIZED',
                          'instance vm (I): BUILDING',
                          'instance vm (I): ACTIVE'], self.progress())
        self.client.get.assert_called_with('/instances/I')

    def test_create_error_gives_the_reason(self):
        self.client.post.return_value = {'instance':
                                         instance('INITIALIZED')}
        self.answers('instance', instance('BUILDING'),
                     instance('ERROR', 'No valid host was found.\n'
                                       'There are not enough hosts'))
        message = self.fails(instances.CreateInstance, self.ARGV)
        self.assertEqual('Instance vm (I) is ERROR: No valid host was '
                         'found. There are not enough hosts', message)

    def test_create_deleted_while_booting(self):
        self.client.post.return_value = {'instance': instance('BUILDING')}
        self.answers('instance', instance('DELETING'))
        self.assertEqual('Instance vm (I) is DELETING',
                         self.fails(instances.CreateInstance, self.ARGV))
        self.answers('instance', not_found())
        self.assertEqual('Instance vm (I) was deleted',
                         self.fails(instances.CreateInstance, self.ARGV))

    def test_create_timeout(self):
        self.client.post.return_value = {'instance': instance('BUILDING')}
        self.answers('instance', *[instance('BUILDING')] * 10)
        message = self.fails(instances.CreateInstance,
                             self.ARGV + ['--wait-timeout', '5'])
        self.assertEqual('Timed out after 5s waiting for instance vm (I): '
                         'it is still BUILDING', message)

    def test_delete_waits_until_deleted_or_gone(self):
        self.client.delete.side_effect = lambda path: {
            'instance': dict(instance('DELETING'), id=path.split('/')[-1])}
        self.answers('instance', dict(instance('DELETED'), id='A'),
                     not_found())
        cmd, args = self.parse(instances.DeleteInstance,
                               ['A', 'B', '--wait'])
        cmd.take_action(args)
        self.assertEqual([mock.call('/instances/A'),
                          mock.call('/instances/B')],
                         self.client.delete.call_args_list)
        self.assertEqual([mock.call('/instances/A'),
                          mock.call('/instances/B')],
                         self.client.get.call_args_list)
        self.assertEqual(['instance vm (A): DELETING',
                          'instance vm (A): DELETED',
                          'instance vm (B): DELETING',
                          'instance vm (B): gone'], self.progress())

    def test_delete_error_and_partial_failure(self):
        def delete(path):
            if path.endswith('/B'):
                raise not_found()
            return {'instance': instance('DELETING')}
        self.client.delete.side_effect = delete
        self.answers('instance', instance('ERROR', 'VIM refused'))
        self.assertEqual('Instance vm (I) is ERROR: VIM refused',
                         self.fails(instances.DeleteInstance,
                                    ['I', '--wait']))
        # The accepted deletion is waited for before the failure is told.
        self.answers('instance', instance('DELETED'))
        self.assertEqual('1 of 2 instances not deleted: B',
                         self.fails(instances.DeleteInstance,
                                    ['I', 'B', '--wait']))
        self.assertIn('instance vm (I): DELETED', self.progress())

    def test_delete_without_wait_does_not_poll(self):
        self.client.delete.return_value = {'instance': instance('DELETING')}
        cmd, args = self.parse(instances.DeleteInstance, ['I'])
        cmd.take_action(args)
        self.client.get.assert_not_called()


class TestDuration(testtools.TestCase):
    def test_duration(self):
        self.assertEqual(['0s', '59s', '1m00s', '1h02m05s', '26h00m00s'],
                         [waiting.duration(s) for s in
                          (-4, 59, 60, 3725, 93600)])
