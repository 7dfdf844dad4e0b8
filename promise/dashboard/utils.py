"""Helpers shared by the panels."""
from django.conf import settings
from django.contrib import messages
from horizon import exceptions as horizon_exceptions

from promise.dashboard import api


def service_configured(request):
    if getattr(settings, 'PROMISE_API_URL', None):
        return True
    from openstack_dashboard.api import base
    return base.is_service_enabled(request, api.SERVICE_TYPE)


def report(request, exc, what):
    """Tell the user why ``what`` failed; a refused token logs out."""
    if exc.status == 401:
        raise horizon_exceptions.NotAuthenticated(str(exc))
    text = '%s: %s' % (what, exc.message)
    if exc.hint:
        text += ' (%s)' % exc.hint
    messages.error(request, text)
