import os

import testtools

from promise.notifications import catalogue
from promise.notifications import matching
from promise.notifications import payloads


def sub(**kw):
    values = {'project_id': 'p1', 'cloud_events': False,
              'event_types': ['*'], 'resource_types': [],
              'resource_ids': []}
    values.update(kw)
    return values


def event(event_type='lease.start', project_id='p1', resource_id='l1',
          **data):
    entry = catalogue.get(event_type)
    return {'event_type': event_type, 'project_id': project_id,
            'resource_type': entry.resource_type, 'resource_id': resource_id,
            'payload': payloads.wrap('ReservationPayload', data)}


class TestMatching(testtools.TestCase):

    def test_wildcards(self):
        self.assertTrue(matching.matches(sub(event_types=['lease.*']),
                                         event()))
        self.assertTrue(matching.matches(
            sub(event_types=['lease.create.*', 'lease.?tart']), event()))
        self.assertFalse(matching.matches(sub(event_types=['lease.end']),
                                          event()))
        self.assertFalse(matching.matches(sub(event_types=['Lease.*']),
                                          event()))

    def test_projects_see_only_their_events(self):
        self.assertFalse(matching.matches(sub(project_id='p2'), event()))
        self.assertFalse(matching.matches(
            sub(project_id='p2', cloud_events=True), event()))

    def test_cloud_events_for_granted_subscriptions_only(self):
        host = event('host.create', project_id=None, resource_id='h1')
        adj = event('capacity.adjustment.create', project_id='admins',
                    resource_id='a1', host_id='h1')
        self.assertFalse(matching.matches(sub(), host))
        self.assertFalse(matching.matches(sub(), adj))
        self.assertTrue(matching.matches(sub(cloud_events=True), host))
        self.assertTrue(matching.matches(sub(cloud_events=True), adj))
        # The project that made the adjustment hears of it anyway.
        self.assertTrue(matching.matches(sub(project_id='admins'), adj))

    def test_resource_filters(self):
        res = event('reservation.moved', resource_id='r1', lease_id='l9')
        self.assertTrue(matching.matches(sub(resource_ids=['r1']), res))
        # A subscription to the lease hears of its reservations.
        self.assertTrue(matching.matches(sub(resource_ids=['l9']), res))
        self.assertFalse(matching.matches(sub(resource_ids=['l8']), res))
        self.assertTrue(matching.matches(
            sub(resource_types=['reservation']), res))
        self.assertFalse(matching.matches(sub(resource_types=['lease']),
                                          res))

    def test_catalogue(self):
        self.assertEqual(['capacity.adjustment.create',
                          'capacity.adjustment.delete'],
                         catalogue.matching('capacity.*'))
        self.assertEqual([], catalogue.matching('lese.*'))
        self.assertTrue(catalogue.is_cloud('pool.update'))
        self.assertFalse(catalogue.is_cloud('lease.end'))
        self.assertIn('capacity_adjustment', catalogue.RESOURCE_TYPES)


class TestDocumentation(testtools.TestCase):

    def test_every_event_type_is_documented(self):
        path = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                            '..', 'doc', 'source', 'user',
                            'notifications.rst')
        with open(path) as f:
            text = f.read()
        for name, entry in catalogue.EVENT_TYPES.items():
            row = '``%s``' % name
            self.assertIn(row, text)
            line = next(ln for ln in text.splitlines()
                        if ln.startswith(row + ' '))
            self.assertIn(entry.priority, line)
            self.assertIn('cloud' if entry.cloud else 'project', line)
        for name in payloads.VERSIONS:
            self.assertIn('``%s``' % name, text)
