"""/v1/os-hosts: Blazar's host API."""
from oslo_utils import strutils
import pecan
from pecan import rest

from promise import dates
from promise import exceptions
from promise import policy
from promise.api import body
from promise.api import views
from promise.api.schemas import hosts as schemas
from promise.db import api as db_api


def _host_or_404(context, host_id):
    host = db_api.host_get(context, host_id)
    if host is None:
        raise exceptions.NotFound(object='Host', id=host_id)
    return host


def _bool_param(name, value):
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exceptions.ValidationError(
            reason='query parameter %s must be true or false' % name)


def collection_405(allow):
    # pecan hands PUT and DELETE on the collection to the item methods
    # with no id.
    pecan.abort(405, headers={'Allow': allow})


def _check_writable(data):
    fixed = sorted(set(data) & schemas.READ_ONLY)
    if fixed:
        raise exceptions.ValidationError(
            reason='%s cannot be set: the VIM reports it; extra capabilities '
                   'need other names' % ', '.join(fixed))


def _allocation_filters(params):
    # Blazar's "terminated" flag is accepted and ignored: allocations that
    # have ended are never shown.
    return {'lease_id': params.get('lease_id'),
            'reservation_id': params.get('reservation_id')}


# Query parameters come as **params throughout: pecan takes named
# arguments, even defaulted ones, for path segments of a RestController.

class AllocationsController(rest.RestController):
    """/v1/os-hosts/allocations: every host with the reservations it
    holds that have not ended."""

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get_allocations')
        allocations = db_api.host_allocations(
            context, dates.utcnow(), **_allocation_filters(params))
        return {'allocations': [
            views.host_allocation(h.id, allocations.get(h.id, []))
            for h in db_api.host_list(context)]}


class AllocationController(rest.RestController):
    """/v1/os-hosts/{host_id}/allocation."""

    @pecan.expose(template='json')
    def get_all(self, host_id, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get_allocations')
        host = _host_or_404(context, host_id)
        allocations = db_api.host_allocations(
            context, dates.utcnow(), host_id=host.id,
            **_allocation_filters(params))
        return {'allocation': views.host_allocation(
            host.id, allocations.get(host.id, []))}


class PropertiesController(rest.RestController):
    """/v1/os-hosts/properties: the extra capability names in use."""

    @pecan.expose(template='json')
    def get_all(self, **params):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get_resource_properties')
        # Blazar's "all" (private properties too) changes nothing: no
        # property is private here.
        detail = _bool_param('detail', params.get('detail', 'false'))
        props = []
        for name, values in db_api.host_property_values(context).items():
            prop = {'property': name}
            if detail:
                prop.update(private=False, values=values)
            props.append(prop)
        return {'resource_properties': props}


class HostsController(rest.RestController):
    # Attributes win over get_one in pecan's routing, so these names are
    # never taken for host ids.
    allocations = AllocationsController()
    properties = PropertiesController()
    allocation = AllocationController()

    @pecan.expose(template='json')
    def get_all(self, **kwargs):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get_all')
        return {'hosts': [views.host(h) for h in db_api.host_list(context)]}

    @pecan.expose(template='json')
    def get_one(self, host_id):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:get')
        return {'host': views.host(_host_or_404(context, host_id))}

    @pecan.expose(template='json')
    def post(self):
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:create')
        data = body.validate(body.load(pecan.request), schemas.create)
        _check_writable(data)
        host_id = pecan.request.inventory.create_host(context, data)
        pecan.response.status = 201
        return {'host': views.host(_host_or_404(context, host_id))}

    @pecan.expose(template='json')
    def put(self, host_id=None):
        if host_id is None:
            collection_405('GET, POST')
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:update')
        data = body.load(pecan.request)
        if 'name' in data:
            raise exceptions.ValidationError(
                reason='name cannot be changed: it is the hypervisor '
                       'hostname the VIM reports')
        body.validate(data, schemas.update)
        _check_writable(data)
        host_id = pecan.request.inventory.update_host(context, host_id, data)
        return {'host': views.host(_host_or_404(context, host_id))}

    @pecan.expose(template='json')
    def delete(self, host_id=None):
        if host_id is None:
            collection_405('GET, POST')
        context = pecan.request.context
        policy.authorize(context, 'promise:os-hosts:delete')
        pecan.request.inventory.delete_host(context, host_id)
        pecan.response.status = 204
