"""/v1/openapi.json: the API's OpenAPI document, for clients and tools."""
import pecan

from promise.api import openapi_spec


class OpenAPIController:

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.abort(405, headers={'Allow': 'GET'})

    @index.when(method='GET', template='json')
    def index_get(self):
        return openapi_spec.document()
