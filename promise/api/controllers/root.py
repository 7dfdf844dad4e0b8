"""Version discovery at / (300 Multiple Choices, as Blazar answers)."""
import pecan

from promise.api import microversion
from promise.api.controllers import v1


def version_document(base_url):
    return {
        'id': 'v1.0',
        'status': 'CURRENT',
        'min_version': str(microversion.MIN_VERSION),
        'max_version': str(microversion.MAX_VERSION),
        'links': [{'href': '%s/v1/' % base_url.rstrip('/'), 'rel': 'self'}],
    }


class RootController:
    v1 = v1.V1Controller()

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.abort(405, headers={'Allow': 'GET'})

    @index.when(method='GET', template='json')
    def index_get(self):
        pecan.response.status = 300
        # application_url keeps the path the API is mounted at.
        base_url = pecan.request.application_url
        return {'versions': [version_document(base_url)]}

    @pecan.expose(template='json')
    def versions(self):
        return self.index_get()
