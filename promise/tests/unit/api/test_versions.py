"""Version discovery links follow the path the API is mounted at (uwsgi
behind Apache at /reservation, as DevStack deploys it)."""
import json

import webob

from promise.api import app as api_app
from promise.tests import base


class TestVersionLinks(base.TestCase):

    def _get(self, path, script_name):
        req = webob.Request.blank(path, base_url='http://192.0.2.10' +
                                  script_name)
        resp = req.get_response(api_app.setup_app())
        return resp, json.loads(resp.body)

    def test_root_links_under_a_mount_path(self):
        resp, body = self._get('/', '/reservation')
        self.assertEqual(300, resp.status_int)
        self.assertEqual('http://192.0.2.10/reservation/v1/',
                         body['versions'][0]['links'][0]['href'])

    def test_v1_links_under_a_mount_path(self):
        resp, body = self._get('/v1', '/reservation')
        self.assertEqual(200, resp.status_int)
        self.assertEqual('http://192.0.2.10/reservation/v1/',
                         body['version']['links'][0]['href'])

    def test_root_links_at_the_root(self):
        resp, body = self._get('/', '')
        self.assertEqual('http://192.0.2.10/v1/',
                         body['versions'][0]['links'][0]['href'])
