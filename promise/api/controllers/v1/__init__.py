import pecan

from promise.api.controllers.v1 import action_plans
from promise.api.controllers.v1 import availability
from promise.api.controllers.v1 import calendar
from promise.api.controllers.v1 import capacity
from promise.api.controllers.v1 import hosts
from promise.api.controllers.v1 import instances
from promise.api.controllers.v1 import leases
from promise.api.controllers.v1 import openapi
from promise.api.controllers.v1 import placement_policies
from promise.api.controllers.v1 import pools
from promise.api.controllers.v1 import providers
from promise.api.controllers.v1 import subscriptions


class V1Controller:
    leases = leases.LeasesController()
    capacity = capacity.CapacityController()
    availability = availability.AvailabilityController()
    pools = pools.PoolsController()
    subscriptions = subscriptions.SubscriptionsController()
    calendar = calendar.CalendarController()
    policies = placement_policies.PoliciesController()
    violations = placement_policies.ViolationsController()
    audits = action_plans.AuditsController()
    providers = providers.ProvidersController()
    instances = instances.InstancesController()

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.abort(405, headers={'Allow': 'GET'})

    @index.when(method='GET', template='json')
    def index_get(self):
        from promise.api.controllers import root
        base_url = pecan.request.application_url
        return {'version': root.version_document(base_url)}


pecan.route(V1Controller, 'os-hosts', hosts.HostsController())
pecan.route(V1Controller, 'policy-tables',
            placement_policies.PolicyTablesController())
pecan.route(V1Controller, 'action-plans',
            action_plans.ActionPlansController())
pecan.route(V1Controller, 'openapi.json', openapi.OpenAPIController())
