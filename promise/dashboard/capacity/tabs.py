"""The tabs of Admin > Capacity: hosts and the timeline. Placement
policies and action plans have panels of their own."""
from urllib import parse

from django.utils.translation import gettext_lazy as _
from horizon import tabs

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.capacity import forms
from promise.dashboard.capacity import tables
from promise.dashboard.capacity import timeline


class HostsTab(tabs.TableTab):
    name = _('Hosts')
    slug = 'hosts'
    table_classes = (tables.HostsTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_hosts_data(self):
        return utils.listed(self.request, _('Unable to list hosts'),
                            api.host_list)


def timeline_context(request):
    """The form and the picture for the GET parameters of ``request``."""
    pools, hosts = [], []
    try:
        pools = api.pool_list(request)
        hosts = api.host_list(request)
    except api.PromiseAPIError as exc:
        utils.report(request, exc, _('Unable to list pools and hosts'))
    params = request.GET.copy()
    params.pop('tab', None)
    form = forms.TimelineForm(params or None, pools, hosts)
    kind, name, start, end, rc = form.window()
    if not form.is_bound:
        form = forms.TimelineForm(
            {'scope': '%s:%s' % (kind, name), 'days': 7,
             'resource_class': rc, 'start': forms.TimelineForm.initial_for(
                 start)}, pools, hosts)
    svg = None
    try:
        svg = timeline.build(request, kind, name, start, end, rc)
    except api.PromiseAPIError as exc:
        utils.report(request, exc, _('Unable to draw the timeline'))
    return {'form': form, 'svg': svg,
            'query': parse.urlencode(dict(form.data.items()))}


class TimelineTab(tabs.Tab):
    name = _('Timeline')
    slug = 'timeline'
    template_name = 'promise_dashboard/capacity/_timeline.html'
    preload = False

    def get_context_data(self, request):
        return timeline_context(request)


class CapacityTabs(tabs.TabGroup):
    slug = 'capacity'
    tabs = (HostsTab, TimelineTab)
    sticky = True
