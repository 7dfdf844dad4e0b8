from django import http
from django.utils.translation import gettext_lazy as _
from horizon import tabs

from promise.dashboard.capacity import tabs as capacity_tabs


class IndexView(tabs.TabbedTableView):
    tab_group_class = capacity_tabs.CapacityTabs
    template_name = 'promise_dashboard/capacity/index.html'
    page_title = _('Capacity')


def timeline_svg(request):
    """The timeline picture alone, to save or embed elsewhere."""
    svg = capacity_tabs.timeline_context(request)['svg']
    if svg is None:
        return http.HttpResponse(status=502)
    return http.HttpResponse(svg, content_type='image/svg+xml')
