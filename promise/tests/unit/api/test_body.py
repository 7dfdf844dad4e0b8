import webob

from promise import exceptions
from promise.api import body
from promise.tests import base

SCHEMA = {'type': 'object',
          'properties': {'name': {'type': 'string', 'maxLength': 5},
                         'n': {'type': 'integer', 'minimum': 1}},
          'required': ['name'], 'additionalProperties': False}


def _req(data, content_type='application/json'):
    req = webob.Request.blank('/', method='POST', body=data)
    req.content_type = content_type
    return req


class TestBody(base.TestCase):
    def test_malformed_json(self):
        exc = self.assertRaises(exceptions.MalformedRequestBody, body.load,
                                _req(b'{"name": '))
        self.assertEqual(400, exc.code)

    def test_not_an_object(self):
        self.assertRaises(exceptions.MalformedRequestBody, body.load,
                          _req(b'[1, 2]'))

    def test_empty(self):
        self.assertRaises(exceptions.MalformedRequestBody, body.load,
                          _req(b''))

    def test_media_type(self):
        exc = self.assertRaises(exceptions.UnsupportedMediaType, body.load,
                                _req(b'name=x', 'text/plain'))
        self.assertEqual(415, exc.code)

    def test_valid(self):
        data = body.load(_req(b'{"name": "ab", "n": 2}'))
        self.assertEqual({'name': 'ab', 'n': 2}, body.validate(data, SCHEMA))

    def test_schema_error_names_the_field(self):
        exc = self.assertRaises(exceptions.ValidationError, body.validate,
                                {'name': 'ab', 'n': 0}, SCHEMA)
        self.assertIn('n:', exc.message)
        exc = self.assertRaises(exceptions.ValidationError, body.validate,
                                {'n': 1}, SCHEMA)
        self.assertIn("'name' is a required property", exc.message)
