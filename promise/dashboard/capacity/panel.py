from django.utils.translation import gettext_lazy as _
import horizon

from promise.dashboard import utils


class Capacity(horizon.Panel):
    name = _('Capacity')
    slug = 'capacity'
    permissions = ('openstack.roles.admin',)

    def allowed(self, context):
        return utils.service_configured(context['request']) and \
            super().allowed(context)
