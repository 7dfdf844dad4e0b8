"""The lease form (with its availability search) and the instance form."""
import datetime

from django import forms as django_forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from horizon import forms

from promise.dashboard import api
from promise.dashboard import utils

DATE_INPUTS = ['%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S']
KINDS = (('host', _('Whole hosts')), ('instance', _('Instance slots')),
         ('capacity', _('Amounts from a pool')))


def _switched(kind, label, **attrs):
    """Attributes of a field shown only for one kind of reservation."""
    attrs.update({'class': 'switched', 'data-switch-on': 'kind',
                  'data-kind-%s' % kind: label})
    return attrs


def _utc(value):
    """A form's aware datetime as the API's UTC 'YYYY-MM-DD HH:MM'."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.strftime(api.DATE_FORMAT)


class LeaseForm(django_forms.Form):
    """One lease of one reservation. ``find`` searches the earliest
    windows where the reservation fits; ``create`` makes the lease for
    the chosen window, or for the dates given."""

    name = django_forms.CharField(label=_('Lease name'), max_length=80,
                                  required=False)
    kind = django_forms.ChoiceField(
        label=_('Reserve'), choices=KINDS,
        widget=django_forms.Select(attrs={'class': 'switchable',
                                          'data-slug': 'kind'}))
    hosts = django_forms.IntegerField(
        label=_('Hosts'), min_value=1, required=False, initial=1,
        widget=django_forms.NumberInput(attrs=_switched('host', _('Hosts'))))
    resource_properties = django_forms.CharField(
        label=_('Host properties'), required=False,
        help_text=_('A filter such as ["=", "$server_type", "type1"]'),
        widget=django_forms.TextInput(attrs=_switched(
            'host', _('Host properties'))))
    amount = django_forms.IntegerField(
        label=_('Instances'), min_value=1, required=False, initial=1,
        widget=django_forms.NumberInput(attrs=_switched(
            'instance', _('Instances'))))
    vcpus = django_forms.IntegerField(
        label=_('vCPUs each'), min_value=1, required=False, initial=1,
        widget=django_forms.NumberInput(attrs=_switched(
            'instance', _('vCPUs each'))))
    memory_mb = django_forms.IntegerField(
        label=_('Memory each (MiB)'), min_value=1, required=False,
        initial=1024, widget=django_forms.NumberInput(attrs=_switched(
            'instance', _('Memory each (MiB)'))))
    disk_gb = django_forms.IntegerField(
        label=_('Disk each (GB)'), min_value=0, required=False, initial=10,
        widget=django_forms.NumberInput(attrs=_switched(
            'instance', _('Disk each (GB)'))))
    pool = django_forms.CharField(
        label=_('Pool'), required=False, initial='all',
        widget=django_forms.TextInput(attrs=_switched('capacity',
                                                      _('Pool'))))
    cores = django_forms.IntegerField(
        label=_('Cores'), min_value=0, required=False,
        widget=django_forms.NumberInput(attrs=_switched('capacity',
                                                        _('Cores'))))
    ram = django_forms.IntegerField(
        label=_('RAM (MiB)'), min_value=0, required=False,
        widget=django_forms.NumberInput(attrs=_switched('capacity',
                                                        _('RAM (MiB)'))))
    instances = django_forms.IntegerField(
        label=_('Instances'), min_value=0, required=False,
        widget=django_forms.NumberInput(attrs=_switched('capacity',
                                                        _('Instances'))))
    earliest = django_forms.DateTimeField(
        label=_('Earliest start (UTC)'), required=False,
        input_formats=DATE_INPUTS,
        help_text=_('Where the search begins; now when empty.'))
    duration_hours = django_forms.IntegerField(
        label=_('Duration (hours)'), min_value=1, max_value=24 * 366,
        required=False, initial=24)
    window = django_forms.ChoiceField(
        label=_('Window'), required=False,
        widget=django_forms.RadioSelect)
    start_date = django_forms.DateTimeField(
        label=_('Or start (UTC)'), required=False, input_formats=DATE_INPUTS,
        help_text=_('YYYY-MM-DD HH:MM, used when no window is chosen'))
    end_date = django_forms.DateTimeField(
        label=_('and end (UTC)'), required=False, input_formats=DATE_INPUTS)

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [self.window_choice(w) for w in windows]
        posted = self.data.get('window') if self.is_bound else None
        # A window offered by an earlier search comes back with the form.
        if posted and posted not in [c[0] for c in choices]:
            try:
                start, end = posted.split('|')
                choices.append(self.window_choice(
                    {'start_date': start, 'end_date': end}))
            except ValueError:
                pass
        self.fields['window'].choices = choices
        if choices and not posted:
            self.initial['window'] = choices[0][0]

    @staticmethod
    def window_choice(window):
        start = api.short_date(window['start_date'])
        end = api.short_date(window['end_date'])
        return '%s|%s' % (start, end), _('%(start)s to %(end)s (UTC)') % {
            'start': start, 'end': end}

    def reservation(self):
        data = self.cleaned_data
        kind = data['kind']
        if kind == 'host':
            count = data.get('hosts') or 1
            res = {'resource_type': 'physical:host', 'min': count,
                   'max': count}
            if data.get('resource_properties'):
                res['resource_properties'] = data['resource_properties']
            return res
        if kind == 'instance':
            return {'resource_type': 'virtual:instance',
                    'amount': data.get('amount') or 1,
                    'vcpus': data.get('vcpus') or 1,
                    'memory_mb': data.get('memory_mb') or 1024,
                    'disk_gb': data.get('disk_gb') or 0,
                    'affinity': None}
        res = {'resource_type': 'capacity',
               'pool': data.get('pool') or 'all'}
        for key in ('cores', 'ram', 'instances'):
            if data.get(key):
                res[key] = data[key]
        if len(res) == 2:
            raise django_forms.ValidationError(
                _('Give at least one of cores, RAM and instances.'))
        return res

    def search_body(self):
        data = self.cleaned_data
        body = {'reservations': [self.reservation()], 'limit': 3,
                'duration': (data.get('duration_hours') or 24) * 3600}
        if data.get('earliest'):
            body['start_date'] = _utc(data['earliest'])
        return body

    def lease_body(self):
        data = self.cleaned_data
        if not data.get('name'):
            raise django_forms.ValidationError(_('Give the lease a name.'))
        if data.get('window'):
            start, end = data['window'].split('|')
        elif data.get('start_date') and data.get('end_date'):
            start, end = _utc(data['start_date']), _utc(data['end_date'])
        else:
            raise django_forms.ValidationError(
                _('Choose a window found by the search, or give a start '
                  'and an end.'))
        return {'name': data['name'], 'start_date': start, 'end_date': end,
                'reservations': [self.reservation()]}


class CreateInstanceForm(forms.SelfHandlingForm):
    name = forms.CharField(label=_('Name'), max_length=255)
    flavor = forms.CharField(label=_('Flavor'), max_length=255,
                             help_text=_('Flavor name or id'))
    reservation_id = forms.ChoiceField(label=_('Reservation'))

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        choices = []
        try:
            for lease in api.lease_list(request):
                for res in lease.get('reservations') or []:
                    if res.get('resource_type') == 'virtual:instance':
                        choices.append((res['id'], '%s (%s, %s)' % (
                            lease['name'], api.short_date(
                                lease['start_date']), lease['status'])))
        except api.PromiseAPIError as exc:
            utils.report(request, exc, _('Unable to list reservations'))
        if not choices:
            choices = [('', _('No instance reservation'))]
        self.fields['reservation_id'].choices = choices

    def handle(self, request, data):
        try:
            api.instance_create(request, data['name'], data['flavor'],
                                data['reservation_id'])
        except api.PromiseAPIError as exc:
            utils.report(request, exc, _('Unable to create instance'))
            return False
        messages.success(request, _('Instance %s requested.') % data['name'])
        return True
