from promise import exceptions
from promise.plugins import filters
from promise.tests import base

HOST = {'vcpus': 32, 'memory_mb': 131072, 'rack': 'rack-02',
        'server_type': 'type1', 'gpus': '2'}


class TestBlazarFilters(base.TestCase):
    def _match(self, text):
        return filters.matches(filters.parse(text, 'f'), HOST)

    def test_numbers_compare_as_numbers(self):
        self.assertTrue(self._match('[">=", "$vcpus", "8"]'))
        self.assertFalse(self._match('["<", "$vcpus", "8"]'))
        # As text "2" > "10"; as numbers it is not.
        self.assertFalse(self._match('[">", "$gpus", "10"]'))
        self.assertTrue(self._match('["==", "$memory_mb", 131072]'))

    def test_strings_and_membership(self):
        self.assertTrue(self._match('["=", "$rack", "rack-02"]'))
        self.assertTrue(self._match('["in", "$server_type", "type1", '
                                    '"type2"]'))
        self.assertFalse(self._match('["!=", "$server_type", "type1"]'))

    def test_boolean_operators(self):
        self.assertTrue(self._match(
            '["and", [">=", "$vcpus", "16"], ["=", "$rack", "rack-02"]]'))
        self.assertTrue(self._match(
            '["or", ["<", "$vcpus", "16"], ["=", "$rack", "rack-02"]]'))
        self.assertFalse(self._match('["not", ["=", "$rack", "rack-02"]]'))

    def test_unknown_property_does_not_match(self):
        self.assertFalse(self._match('["=", "$colour", "blue"]'))

    def test_empty_matches_everything(self):
        for text in ('', None, '[]', []):
            self.assertIsNone(filters.parse(text, 'f'))
            self.assertTrue(filters.matches(None, HOST))

    def test_malformed(self):
        for text in ('[">=", "vcpus"', '{"a": 1}', '["~", "$a", 1]',
                     '[">=", "vcpus", "8"]', '["not", [], []]'):
            self.assertRaises(exceptions.ValidationError, filters.parse,
                              text, 'hypervisor_properties')
