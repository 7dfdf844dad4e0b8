from django.utils.translation import gettext_lazy as _
import horizon

from promise.dashboard import utils


class PlacementPolicies(horizon.Panel):
    name = _('Placement Policies')
    slug = 'placement_policies'
    permissions = ('openstack.roles.admin',)

    def allowed(self, context):
        return utils.service_configured(context['request']) and \
            super().allowed(context)
