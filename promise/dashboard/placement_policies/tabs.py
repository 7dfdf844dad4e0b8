from django.utils.translation import gettext_lazy as _
from horizon import tabs

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.placement_policies import tables


class PoliciesTab(tabs.TableTab):
    name = _('Policies')
    slug = 'policies'
    table_classes = (tables.PoliciesTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_policies_data(self):
        return utils.listed(self.request, _('Unable to list policies'),
                            api.policy_list)


class ViolationsTab(tabs.TableTab):
    name = _('Violations')
    slug = 'violations'
    table_classes = (tables.ViolationsTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_violations_data(self):
        return utils.listed(self.request, _('Unable to list violations'),
                            api.violation_list)


class TablesTab(tabs.TableTab):
    name = _('Tables')
    slug = 'tables'
    table_classes = (tables.PolicyTablesTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_policy_tables_data(self):
        return utils.listed(self.request,
                            _('Unable to list the policy tables'),
                            api.policy_table_list)


class PolicyTabs(tabs.TabGroup):
    slug = 'placement'
    tabs = (PoliciesTab, ViolationsTab, TablesTab)
    sticky = True
