from django.utils.translation import gettext_lazy as _
import horizon

from promise.dashboard import utils


class ActionPlans(horizon.Panel):
    name = _('Action Plans')
    slug = 'action_plans'
    permissions = ('openstack.roles.admin',)

    def allowed(self, context):
        return utils.service_configured(context['request']) and \
            super().allowed(context)
