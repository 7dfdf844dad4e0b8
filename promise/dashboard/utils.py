"""Helpers shared by the panels."""
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
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


def listed(request, what, call, *args, **kwargs):
    """What ``call(request, ...)`` lists; nothing, with the reason told
    as ``what`` failed, when the API refuses."""
    try:
        return call(request, *args, **kwargs)
    except api.PromiseAPIError as exc:
        report(request, exc, what)
        return []


def policy_choices(request):
    """The placement policies as choices of a form field."""
    return [(p['name'], p['name']) for p in listed(
        request, _('Unable to list policies'), api.policy_list)]
