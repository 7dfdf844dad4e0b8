from django.utils.translation import gettext_lazy as _
from horizon import tabs

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.reservations import tables


class LeasesTab(tabs.TableTab):
    name = _('Leases')
    slug = 'leases'
    table_classes = (tables.LeasesTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_leases_data(self):
        return utils.listed(self.request, _('Unable to list leases'),
                            api.lease_list, sort_key='start_date')


class InstancesTab(tabs.TableTab):
    name = _('Instances')
    slug = 'instances'
    table_classes = (tables.InstancesTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_instances_data(self):
        request = self.request
        try:
            return api.instance_list(request)
        except api.NotOffered as exc:
            self._tables['instances'].not_offered = exc.message
            return []
        except api.PromiseAPIError as exc:
            utils.report(request, exc, _('Unable to list instances'))
            return []


class ReservationTabs(tabs.TabGroup):
    slug = 'reservations'
    tabs = (LeasesTab, InstancesTab)
    sticky = True
