import pecan

from promise.api.controllers.v1 import availability
from promise.api.controllers.v1 import calendar
from promise.api.controllers.v1 import capacity
from promise.api.controllers.v1 import hosts
from promise.api.controllers.v1 import leases
from promise.api.controllers.v1 import pools
from promise.api.controllers.v1 import subscriptions


class V1Controller:
    leases = leases.LeasesController()
    capacity = capacity.CapacityController()
    availability = availability.AvailabilityController()
    pools = pools.PoolsController()
    subscriptions = subscriptions.SubscriptionsController()
    calendar = calendar.CalendarController()

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.abort(405, headers={'Allow': 'GET'})

    @index.when(method='GET', template='json')
    def index_get(self):
        from promise.api.controllers import root
        return {'version': root.version_document(pecan.request.host_url)}


pecan.route(V1Controller, 'os-hosts', hosts.HostsController())
