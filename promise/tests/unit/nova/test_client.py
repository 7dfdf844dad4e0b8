"""Fetching and keeping the calendar."""
from oslo_config import cfg
from oslo_config import fixture as config_fixture
import requests_mock
import testtools

from promise.nova import client
from promise.nova import conf as promise_conf
from promise.tests.unit.nova import fakes

ROOT = 'http://127.0.0.1:1234'


def _conf(test, **overrides):
    conf = test.useFixture(config_fixture.Config(cfg.ConfigOpts())).conf
    promise_conf.register_opts(conf)
    conf([], default_config_files=[])
    conf.set_override('auth_type', 'none', group='promise')
    for name, value in overrides.items():
        conf.set_override(name, value, group='promise')
    return conf


class TestCalendarClient(testtools.TestCase):

    def test_fetch_and_revalidate(self):
        conf = _conf(self, endpoint_override=ROOT)
        doc = fakes.document({'h': fakes.host_entry({'VCPU': 4})})
        with requests_mock.Mocker() as m:
            m.get(ROOT + '/v1/calendar', json={'calendar': doc},
                  headers={'ETag': '"abc"'})
            etag, got = client.CalendarClient(conf).fetch()
            self.assertEqual(('abc', doc), (etag, got))
            self.assertNotIn('If-None-Match', m.last_request.headers)
            m.get(ROOT + '/v1/calendar', status_code=304)
            self.assertEqual(('abc', None),
                             client.CalendarClient(conf).fetch('abc'))
            self.assertEqual('"abc"', m.last_request.headers['If-None-Match'])

    def test_endpoint_ending_in_v1(self):
        conf = _conf(self, endpoint_override=ROOT + '/v1/')
        with requests_mock.Mocker() as m:
            m.get(ROOT + '/v1/calendar', json={'calendar': {}})
            client.CalendarClient(conf).fetch()
            self.assertEqual(ROOT + '/v1/calendar', m.last_request.url)

    def test_errors_are_unavailable(self):
        conf = _conf(self, endpoint_override=ROOT)
        with requests_mock.Mocker() as m:
            m.get(ROOT + '/v1/calendar', status_code=403)
            self.assertRaises(client.Unavailable,
                              client.CalendarClient(conf).fetch)
            m.get(ROOT + '/v1/calendar', text='not json')
            self.assertRaises(client.Unavailable,
                              client.CalendarClient(conf).fetch)

    def test_connection_refused_is_unavailable(self):
        from promise.tests.functional import processes
        port = processes.free_port()
        conf = _conf(self, endpoint_override='http://127.0.0.1:%d' % port,
                     timeout=2)
        self.assertRaises(client.Unavailable,
                          client.CalendarClient(conf).fetch)


class FakeClient:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked = []

    def fetch(self, etag=None):
        self.asked.append(etag)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class TestCalendarSource(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.time = 100.0
        self.doc = fakes.document({'h': fakes.host_entry({'VCPU': 4})})

    def _source(self, fake, ttl=10):
        return client.CalendarSource(fake, ttl, clock=lambda: self.time)

    def test_ttl_then_etag(self):
        fake = FakeClient(('e1', self.doc), ('e1', None),
                          ('e2', self.doc))
        source = self._source(fake)
        first = source.get()
        self.assertEqual('e1', first.etag)
        self.time += 5
        self.assertIs(first, source.get())
        self.assertEqual([None], fake.asked)
        self.time += 6
        self.assertIs(first, source.get())
        self.assertEqual([None, 'e1'], fake.asked)
        self.time += 11
        second = source.get()
        self.assertEqual('e2', second.etag)
        # Unchanged hosts keep what was built for them.
        self.assertIs(first.hosts['h'], second.hosts['h'])

    def test_failure_is_remembered_for_the_ttl(self):
        fake = FakeClient(client.Unavailable('down'), ('e1', self.doc))
        source = self._source(fake, ttl=0)
        self.assertIsNone(source.get())
        self.assertIsNone(source.get())
        self.assertEqual([None], fake.asked)
        self.time += 1
        self.assertEqual('e1', source.get().etag)

    def test_unreadable_document_is_a_failure(self):
        fake = FakeClient(('e1', {'hosts': {}}))
        self.assertIsNone(self._source(fake).get())
