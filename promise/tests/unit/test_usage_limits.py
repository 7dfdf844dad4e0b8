"""Usage limits refuse leases with clear 403/409 errors; admins are
exempt."""
from promise import context
from promise import exceptions
from promise.manager import host_sync
from promise.manager import leases
from promise.tests import base
from promise.vim import simulated


def _lease(start='2031-01-01 10:00', end='2031-01-01 12:00'):
    return {'name': 'x', 'start_date': start, 'end_date': end,
            'reservations': [{'resource_type': 'capacity',
                              'amounts': {'VCPU': 1}}]}


class TestUsageLimits(base.DBTestCase):
    def setUp(self):
        super().setUp()
        host_sync.sync_hosts(simulated.SimulatedDriver())
        host_sync.sync_pools()
        self.service = leases.LeaseService()
        self.member = context.RequestContext(user_id='u', project_id='p1',
                                             roles=['member', 'reader'])
        self.admin = context.RequestContext(user_id='a', project_id='p9',
                                            roles=['admin'], is_admin=True)

    def test_max_lease_duration(self):
        self.conf.set_override('max_lease_duration', 3600,
                               group='reservation')
        exc = self.assertRaises(exceptions.LimitExceeded,
                                self.service.create, self.member, _lease())
        self.assertEqual(403, exc.code)
        self.assertIn('max_lease_duration', exc.message)
        self.assertTrue(self.service.create(self.admin, _lease()))
        self.assertTrue(self.service.create(
            self.member, _lease(end='2031-01-01 11:00')))

    def test_max_future_start(self):
        self.conf.set_override('max_future_start', 86400,
                               group='reservation')
        exc = self.assertRaises(exceptions.LimitExceeded,
                                self.service.create, self.member, _lease())
        self.assertIn('max_future_start', exc.message)

    def test_max_leases_per_project(self):
        self.conf.set_override('max_leases_per_project', 2,
                               group='reservation')
        self.service.create(self.member, _lease())
        self.service.create(self.member, _lease())
        exc = self.assertRaises(exceptions.ProjectQuotaExceeded,
                                self.service.create, self.member, _lease())
        self.assertEqual(409, exc.code)
        other = context.RequestContext(user_id='v', project_id='p2',
                                       roles=['member'])
        self.assertTrue(self.service.create(other, _lease()))

    def test_filters_can_be_disabled(self):
        self.conf.set_override('max_lease_duration', 60,
                               group='reservation')
        self.conf.set_override('enforcement_filters', [],
                               group='reservation')
        self.assertTrue(self.service.create(self.member, _lease()))
