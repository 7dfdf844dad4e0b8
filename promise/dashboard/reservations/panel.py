from django.utils.translation import gettext_lazy as _
import horizon

from promise.dashboard import utils


class Reservations(horizon.Panel):
    name = _('Reservations')
    slug = 'reservations'

    def allowed(self, context):
        # Shown only where there is a reservation service to talk to.
        return utils.service_configured(context['request']) and \
            super().allowed(context)
