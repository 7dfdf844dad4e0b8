"""The fuzzer generates the same requests from the same seed, so that a
failure it reports can be run again."""
import schemathesis

from promise.api import openapi_spec
from promise.tests import base
from promise.tests import fuzz


class _Requests:
    def __init__(self):
        self.sent = []

    def record(self, case, response, mode):
        self.sent.append(case.as_curl_command())

    def transport_error(self, case, exc):
        raise AssertionError(exc)


class TestSeed(base.TestCase):
    def _generate(self, seed):
        schema = schemathesis.openapi.from_dict(openapi_spec.document())
        op = schema['/v1/leases']['POST']
        sent = _Requests()
        for mode in fuzz._MODES:
            fuzz._fuzz_operation(op, mode, 10, sent, lambda case: None, seed)
        return sent.sent

    def test_same_seed_same_requests(self):
        first = self._generate(7)
        self.assertEqual(20, len(first))
        self.assertEqual(first, self._generate(7))

    def test_another_seed_other_requests(self):
        self.assertNotEqual(self._generate(7), self._generate(8))
