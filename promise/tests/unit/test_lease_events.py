"""Lease events: claimed once, run in order, statuses enforced."""
import datetime

import sqlalchemy as sa

from promise import context
from promise import dates
from promise import exceptions
from promise.db import api as db_api
from promise.db import models
from promise.manager import events
from promise.manager import host_sync
from promise.manager import lease_status
from promise.manager import leases
from promise.tests import base
from promise.vim import simulated


class TestLeaseEvents(base.DBTestCase):
    def setUp(self):
        super().setUp()
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.service = leases.LeaseService()
        self.ctx = context.RequestContext(user_id='u', project_id='p',
                                          roles=['member'])
        handlers = {'start_lease': self.service.start,
                    'end_lease': self.service.end,
                    'before_end_lease': lambda c, s, lease: None}
        self.runners = [events.EventRunner('m1', handlers),
                        events.EventRunner('m2', handlers)]

    def _lease(self, **extra):
        body = {'name': 'x', 'start_date': '2031-01-01 10:00',
                'end_date': '2031-01-01 12:00',
                'reservations': [{'resource_type': 'capacity',
                                  'amounts': {'VCPU': 2}}]}
        body.update(extra)
        return self.service.create(self.ctx, body)

    def _status(self, lease_id):
        return db_api.lease_get(None, lease_id).status

    def test_start_and_end_run_once_each(self):
        lease_id = self._lease(before_end_date='2031-01-01 11:30')
        at = datetime.datetime(2031, 1, 1, 10, 0, 1)
        self.assertEqual(1, self.runners[0].run_due(at))
        self.assertEqual(0, self.runners[1].run_due(at))
        self.assertEqual('ACTIVE', self._status(lease_id))
        lease = db_api.lease_get(None, lease_id)
        self.assertEqual(['active'], [r.status for r in lease.reservations])
        at = datetime.datetime(2031, 1, 1, 12, 0, 0)
        ran = self.runners[1].run_due(at) + self.runners[0].run_due(at)
        self.assertEqual(2, ran)  # before_end then end
        lease = db_api.lease_get(None, lease_id)
        self.assertEqual('TERMINATED', lease.status)
        self.assertEqual({'DONE'}, {e.status for e in lease.events})
        self.assertEqual({'m1', 'm2'}, {e.claimed_by for e in lease.events})

    def test_events_left_by_a_dead_manager_run_again(self):
        lease_id = self._lease()
        now = datetime.datetime(2031, 1, 1, 10, 5)
        with db_api.writer() as session:
            session.query(models.Event).filter_by(
                lease_id=lease_id, event_type='start_lease').update(
                {'status': 'IN_PROGRESS', 'claimed_by': 'dead',
                 'claimed_at': now - datetime.timedelta(hours=1)})
        self.assertEqual(1, self.runners[0].run_due(now))
        self.assertEqual('ACTIVE', self._status(lease_id))

    def test_status_machine_refuses_skips(self):
        lease_id = self._lease()
        with db_api.writer() as session:
            self.assertRaises(exceptions.InvalidTransition,
                              lease_status.move, session, lease_id,
                              'PENDING', 'TERMINATED')
            self.assertRaises(exceptions.InvalidTransition,
                              lease_status.move, session, lease_id,
                              'ACTIVE', 'TERMINATING')
        self.assertEqual('PENDING', self._status(lease_id))

    def test_cancel_frees_capacity_at_once(self):
        from promise.manager import capacity
        lease_id = self._lease()
        window = (dates.to_epoch(datetime.datetime(2031, 1, 1, 10)),
                  dates.to_epoch(datetime.datetime(2031, 1, 1, 12)))
        with db_api.reader() as session:
            before = capacity.query(session, *window, {}, ['VCPU'])
        self.service.delete(self.ctx, lease_id)
        with db_api.reader() as session:
            after = capacity.query(session, *window, {}, ['VCPU'])
        self.assertEqual(2, before['resources']['VCPU']['reserved'])
        self.assertEqual(0, after['resources']['VCPU']['reserved'])
        self.assertEqual(before['resources']['VCPU']['available'] + 2,
                         after['resources']['VCPU']['available'])


class _Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs."""


class TestEventsSurviveCrashes(base.DBTestCase):
    """A manager dying at any point of an event leaves it run once."""

    def setUp(self):
        super().setUp()
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.service = leases.LeaseService()
        self.ctx = context.RequestContext(user_id='u', project_id='p',
                                          roles=['member'])
        self.lease_id = self.service.create(self.ctx, {
            'name': 'x', 'start_date': '2031-01-01 10:00',
            'end_date': '2031-01-01 12:00',
            'reservations': [{'resource_type': 'capacity',
                              'amounts': {'VCPU': 2}}]})
        self.runs = []

    def _runner(self, host, die_after_commit=False):
        def start(ctx, session, lease):
            self.runs.append(host)
            if die_after_commit:
                def die(session):
                    raise _Killed()
                sa.event.listen(session, 'after_commit', die, once=True)
            self.service.start(ctx, session, lease)
        return events.EventRunner(host, {'start_lease': start})

    def _event_status(self):
        with db_api.reader() as session:
            return session.query(models.Event).filter_by(
                lease_id=self.lease_id,
                event_type='start_lease').one().status

    def test_death_after_the_commit_does_not_run_it_again(self):
        at = datetime.datetime(2031, 1, 1, 10, 0, 1)
        dying = self._runner('m1', die_after_commit=True)
        self.assertRaises(_Killed, dying.run_due, at)
        self.assertEqual('DONE', self._event_status())
        # Long after any claim timeout, another manager finds nothing.
        later = at + datetime.timedelta(hours=1)
        self.assertEqual(0, self._runner('m2').run_due(later))
        self.assertEqual(['m1'], self.runs)
        self.assertEqual('ACTIVE', self._status())

    def test_death_before_the_commit_runs_it_once_more(self):
        at = datetime.datetime(2031, 1, 1, 10, 0, 1)
        dying = self._runner('m1')

        def killed(ctx, session, lease):
            self.runs.append('m1')
            raise _Killed()
        dying.handlers['start_lease'] = killed
        self.assertRaises(_Killed, dying.run_due, at)
        self.assertEqual('IN_PROGRESS', self._event_status())
        self.assertEqual('PENDING', self._status())
        later = at + datetime.timedelta(hours=1)
        self.assertEqual(1, self._runner('m2').run_due(later))
        self.assertEqual(['m1', 'm2'], self.runs)
        self.assertEqual('DONE', self._event_status())
        self.assertEqual('ACTIVE', self._status())

    def test_a_run_whose_claim_was_given_back_is_rolled_back(self):
        at = datetime.datetime(2031, 1, 1, 10, 0, 1)
        slow = self._runner('m1')

        def rename(ctx, session, lease):
            self.runs.append('m1')
            lease.name = 'changed by a run that lost its claim'
        slow.handlers['start_lease'] = rename
        with db_api.reader() as session:
            event_id = session.query(models.Event.id).filter_by(
                lease_id=self.lease_id, event_type='start_lease').scalar()
        claimed_at = slow._claim(event_id, at)
        self.assertIsNotNone(claimed_at)
        # m1 is so slow that its claim times out and m2 runs the event.
        later = at + datetime.timedelta(hours=1)
        self.assertEqual(1, self._runner('m2').run_due(later))
        slow._run(event_id, claimed_at)
        self.assertEqual(['m2', 'm1'], self.runs)
        self.assertEqual('DONE', self._event_status())
        lease = db_api.lease_get(None, self.lease_id)
        self.assertEqual(('ACTIVE', 'x'), (lease.status, lease.name))

    def _status(self):
        return db_api.lease_get(None, self.lease_id).status

    def test_lost_database_gives_the_event_back(self):
        from oslo_db import exception as db_exc
        at = datetime.datetime(2031, 1, 1, 10, 0, 1)
        runner = self._runner('m1')

        def lost(ctx, session, lease):
            self.runs.append('m1')
            raise db_exc.DBConnectionError(RuntimeError('gone'))
        runner.handlers['start_lease'] = lost
        self.assertEqual(1, runner.run_due(at))
        self.assertEqual('UNDONE', self._event_status())
        # The next scan runs it, with no claim timeout to wait for.
        self.assertEqual(1, self._runner('m2').run_due(at))
        self.assertEqual(['m1', 'm2'], self.runs)
        self.assertEqual('DONE', self._event_status())
        self.assertEqual('ACTIVE', self._status())
