from promise import exceptions
from promise.api import microversion
from promise.tests import base


class TestMicroversion(base.TestCase):
    def _parse(self, value):
        return microversion.parse({'OpenStack-API-Version': value})

    def test_default_is_minimum(self):
        self.assertEqual(microversion.MIN_VERSION, microversion.parse({}))

    def test_explicit_and_latest(self):
        self.assertEqual(microversion.MIN_VERSION,
                         self._parse('reservation 1.0'))
        self.assertEqual(microversion.MAX_VERSION,
                         self._parse('reservation latest'))

    def test_other_service_ignored(self):
        self.assertEqual(microversion.MIN_VERSION, self._parse('compute 2.9'))

    def test_out_of_range(self):
        exc = self.assertRaises(exceptions.InvalidMicroversion, self._parse,
                                'reservation 2.0')
        self.assertEqual(406, exc.code)

    def test_garbage(self):
        self.assertRaises(exceptions.BadRequest, self._parse,
                          'reservation one.two')
