"""The load benchmark's check finds a database that disagrees with the
answers the clients got."""
import datetime

import sqlalchemy as sa

from promise import context
from promise.api import views
from promise.bench import load_clients
from promise.bench import load_verify
from promise.db import api as db_api
from promise.manager import host_sync
from promise.manager import leases
from promise.tests import base
from promise.vim import simulated


def _body(name, amount=2):
    return {'name': name, 'start_date': '2031-06-02 10:00',
            'end_date': '2031-06-02 14:00',
            'reservations': [dict(load_clients.UNIT,
                                  resource_type='virtual:instance',
                                  amount=amount, affinity=None)]}


class TestLoadVerify(base.DBTestCase):
    def setUp(self):
        super().setUp()
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.service = leases.LeaseService()
        self.ctx = context.RequestContext(user_id='u', project_id='p',
                                          roles=['member', 'reader'])
        self.url = self.conf.database.connection
        self.ledger = load_clients.Ledger()
        self.ids = {}
        for name in ('a', 'b'):
            lease_id = self.service.create(self.ctx, _body(name))
            self.ids[name] = lease_id
            answer = views.lease(db_api.lease_get(self.ctx, lease_id))
            self.ledger.expect(name, load_clients._state(answer))
        self.ledger.expect('refused', load_clients.ABSENT)

    def _sql(self, statement, **params):
        engine = sa.create_engine(self.url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(statement), params)
        finally:
            engine.dispose()

    def test_agreeing_database_passes(self):
        result = load_verify.verify(self.url, self.ledger)
        self.assertEqual([], result['failures'])
        self.assertEqual({'present_as_answered': 2, 'absent_as_answered': 1},
                         result['outcomes'])

    def test_moved_window_is_found(self):
        self._sql('UPDATE leases SET end_date = :e WHERE id = :i',
                  e=datetime.datetime(2031, 6, 2, 15), i=self.ids['a'])
        failures = load_verify.verify(self.url, self.ledger)['failures']
        self.assertEqual(2, len(failures), failures)
        self.assertTrue(all(f.startswith('a: ') for f in failures))

    def test_lost_allocation_is_found(self):
        self._sql("DELETE FROM allocations WHERE resource_class = 'VCPU' "
                  'AND reservation_id IN (SELECT id FROM reservations '
                  'WHERE lease_id = :i)', i=self.ids['b'])
        failures = load_verify.verify(self.url, self.ledger)['failures']
        self.assertEqual(1, len(failures), failures)
        self.assertIn('b: allocations', failures[0])

    def test_refused_or_unknown_lease_in_database_is_found(self):
        self.service.create(self.ctx, _body('refused'))
        self.service.create(self.ctx, _body('stranger'))
        failures = load_verify.verify(self.url, self.ledger)['failures']
        self.assertEqual(2, len(failures), failures)
        self.assertIn('refused: database holds', failures[0])
        self.assertIn('stranger: in the database, never asked for',
                      failures[1])

    def test_unknown_outcome_accepts_either_state(self):
        self.ledger.expect('maybe', load_clients.ABSENT,
                           ('requested', '2031-06-02 10:00',
                            '2031-06-02 14:00', 1))
        self.assertEqual(
            [], load_verify.verify(self.url, self.ledger)['failures'])
        self.service.create(self.ctx, _body('maybe', amount=1))
        self.assertEqual(
            [], load_verify.verify(self.url, self.ledger)['failures'])
        self.service.delete(self.ctx, self.ids['a'])
        failures = load_verify.verify(self.url, self.ledger)['failures']
        self.assertEqual(1, len(failures), failures)
