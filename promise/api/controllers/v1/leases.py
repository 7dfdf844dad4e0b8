import pecan
from pecan import rest

from promise.api import views
from promise.db import api as db_api
from promise import exceptions
from promise import policy


def _lease_or_404(context, lease_id):
    lease = db_api.lease_get(context, lease_id)
    if lease is None:
        raise exceptions.NotFound(object='Lease', id=lease_id)
    policy.authorize(context, 'promise:leases:get',
                     {'project_id': lease.project_id,
                      'user_id': lease.user_id})
    return lease


class LeasesController(rest.RestController):

    @pecan.expose(template='json')
    def get_all(self, **kwargs):
        context = pecan.request.context
        policy.authorize(context, 'promise:leases:get_all')
        project = None if policy.check_is_admin(context) else \
            context.project_id
        leases = db_api.lease_list(context, project_id=project)
        return {'leases': [views.lease(ls) for ls in leases]}

    @pecan.expose(template='json')
    def get_one(self, lease_id):
        context = pecan.request.context
        return {'lease': views.lease(_lease_or_404(context, lease_id))}
