import json

import webob
import webob.exc

from promise import exceptions
from promise.api.middleware import fault
from promise.tests import base


def _app_raising(exc):
    def app(environ, start_response):
        raise exc
    return app


class TestFaultWrapper(base.TestCase):
    def _get(self, app, method='GET'):
        req = webob.Request.blank('/v1/things', method=method)
        resp = req.get_response(fault.FaultWrapper(app))
        return resp, json.loads(resp.body)

    def test_promise_exception_keeps_code_and_message(self):
        resp, body = self._get(_app_raising(
            exceptions.Conflict(reason='no room')))
        self.assertEqual(409, resp.status_int)
        self.assertEqual({'error_code': 409,
                          'error_message': 'Conflict: no room',
                          'error_name': 'Conflict'}, body)

    def test_remote_exception_name_is_clean(self):
        remote = type('NotFound_Remote', (exceptions.NotFound,), {})
        resp, body = self._get(_app_raising(remote(object='Lease', id='x')))
        self.assertEqual(404, resp.status_int)
        self.assertEqual('NotFound', body['error_name'])

    def test_unexpected_error_hides_details(self):
        resp, body = self._get(_app_raising(RuntimeError('secret: dsn')))
        self.assertEqual(500, resp.status_int)
        self.assertNotIn('secret', resp.text)
        self.assertEqual('InternalServerError', body['error_name'])

    def test_other_layers_errors_are_reformatted(self):
        app = webob.exc.HTTPRequestEntityTooLarge()
        resp, body = self._get(app)
        self.assertEqual(413, resp.status_int)
        self.assertEqual(413, body['error_code'])
        self.assertEqual('RequestEntityTooLarge', body['error_name'])

    def test_405_keeps_allow(self):
        app = webob.exc.HTTPMethodNotAllowed(headers={'Allow': 'GET'})
        resp, body = self._get(app, method='PATCH')
        self.assertEqual('GET', resp.headers['Allow'])
        self.assertIn('PATCH', body['error_message'])

    def test_success_untouched(self):
        app = webob.Response(json_body={'ok': True})
        resp, body = self._get(app)
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'ok': True}, body)
