"""Version discovery at / (300 Multiple Choices, as Blazar answers)."""
import pecan

from promise.api import microversion
from promise.api.controllers import v1


def version_document(host_url):
    return {
        'id': 'v1.0',
        'status': 'CURRENT',
        'min_version': str(microversion.MIN_VERSION),
        'max_version': str(microversion.MAX_VERSION),
        'links': [{'href': '%s/v1/' % host_url.rstrip('/'), 'rel': 'self'}],
    }


class RootController:
    v1 = v1.V1Controller()

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.abort(405, headers={'Allow': 'GET'})

    @index.when(method='GET', template='json')
    def index_get(self):
        pecan.response.status = 300
        return {'versions': [version_document(pecan.request.host_url)]}

    @pecan.expose(template='json')
    def versions(self):
        return self.index_get()
