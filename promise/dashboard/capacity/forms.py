import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from promise.dashboard import api
from promise.dashboard.capacity import timeline

DEFAULT_SCOPE = 'pool:all'


def _today():
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


class TimelineForm(forms.Form):
    """What to draw: a host or a pool, a window, a resource class. Sent
    with GET so that a picture has an address."""

    scope = forms.ChoiceField(label=_('Host or pool'))
    start = forms.DateTimeField(label=_('From (UTC)'), required=False,
                                input_formats=['%Y-%m-%d', '%Y-%m-%d %H:%M'])
    days = forms.IntegerField(label=_('Days'), min_value=1, max_value=92,
                              required=False, initial=7)
    resource_class = forms.ChoiceField(
        label=_('Resource class'), required=False,
        choices=[(c, c) for c in timeline.CLASSES])

    def __init__(self, data, pools=(), hosts=()):
        super().__init__(data)
        choices = [('pool:%s' % p['name'], _('Pool %s') % p['name'])
                   for p in pools]
        choices += [('host:%s' % h['hypervisor_hostname'],
                     _('Host %s') % h['hypervisor_hostname'])
                    for h in hosts]
        self.fields['scope'].choices = choices or [(DEFAULT_SCOPE,
                                                    _('Pool all'))]

    def window(self):
        """(scope kind, name, start, end, class), defaults filled in."""
        data = self.cleaned_data if self.is_bound and self.is_valid() \
            else {}
        scope = data.get('scope') or DEFAULT_SCOPE
        kind, _sep, name = scope.partition(':')
        start = data.get('start')
        if start is None:
            start = _today()
        elif start.tzinfo is not None:
            start = start.astimezone(datetime.UTC).replace(tzinfo=None)
        days = data.get('days') or 7
        return (kind, name, start, start + datetime.timedelta(days=days),
                data.get('resource_class') or 'VCPU')

    @staticmethod
    def initial_for(start):
        return start.strftime(api.DATE_FORMAT)
