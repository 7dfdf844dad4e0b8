"""The WSGI application of a gabbi fixture, driven request by request from
Python: for tests that check the API against its OpenAPI document and its
reference samples."""
import json

import fixtures
from werkzeug import test as wtest
from werkzeug import wrappers

from promise.api import app as api_app
from promise.tests.functional.api import fixtures as api_fixtures


class LiveAPI(fixtures.Fixture):
    """A running API (standalone mode, the simulated DC of the fixture)."""

    def __init__(self, fixture_cls=api_fixtures.SubscriptionsFixture):
        super().__init__()
        self.fixture_cls = fixture_cls

    def _setUp(self):
        self.service = service = self.fixture_cls()
        service.start_fixture()
        self.addCleanup(service.stop_fixture)
        self.app = api_app.setup_app()
        self.client = wtest.Client(self.app, wrappers.Response)

    def call(self, method, path, body=None, headers=None, raw=None):
        """(request, response) as werkzeug objects; ``body`` is sent as
        JSON, ``raw`` as it is."""
        headers = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body)
            headers.setdefault('Content-Type', 'application/json')
        builder = wtest.EnvironBuilder(path=path, method=method,
                                       headers=headers, data=data)
        request = builder.get_request()
        request.get_data()  # kept for validators reading it afterwards
        response = self.client.open(wtest.EnvironBuilder(
            path=path, method=method, headers=headers, data=data))
        return request, response


def json_of(response):
    return json.loads(response.get_data()) if response.get_data() else None
