"""Lease events: claimed once, run in order, statuses enforced."""
import datetime

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
