from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions as horizon_exceptions
from horizon import forms
from horizon import tables as horizon_tables
from horizon import tabs

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.placement_policies import forms as policy_forms
from promise.dashboard.placement_policies import tables
from promise.dashboard.placement_policies import tabs as policy_tabs

INDEX = 'horizon:admin:placement_policies:index'


class IndexView(tabs.TabbedTableView):
    tab_group_class = policy_tabs.PolicyTabs
    template_name = 'promise_dashboard/placement_policies/index.html'
    page_title = _('Placement Policies')


class DetailView(horizon_tables.MultiTableView):
    """A policy: its rules and what violates it now."""

    table_classes = (tables.RulesTable, tables.PolicyViolationsTable)
    template_name = 'promise_dashboard/placement_policies/detail.html'
    page_title = _('Policy {{ policy.name }}')

    def _policy(self):
        if not hasattr(self, '_found'):
            try:
                self._found = api.policy_get(self.request,
                                             self.kwargs['policy_id'])
            except api.PromiseAPIError as exc:
                if exc.status == 401:
                    raise horizon_exceptions.NotAuthenticated(str(exc))
                horizon_exceptions.handle(
                    self.request, _('Unable to read policy %(id)s: '
                                    '%(reason)s') % {
                        'id': self.kwargs['policy_id'],
                        'reason': exc.message},
                    redirect=reverse(INDEX))
        return self._found

    def get_rules_data(self):
        return self._policy().get('rules') or []

    def get_policy_violations_data(self):
        try:
            return api.policy_violations(self.request, self._policy()['id'])
        except api.PromiseAPIError as exc:
            utils.report(self.request, exc, _('Unable to list violations'))
            return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['policy'] = self._policy()
        context['url'] = reverse(INDEX)
        return context


class CreateView(forms.ModalFormView):
    form_class = policy_forms.CreatePolicyForm
    template_name = 'promise_dashboard/placement_policies/create.html'
    modal_id = 'create_policy_modal'
    modal_header = _('Create Placement Policy')
    page_title = _('Create Placement Policy')
    submit_label = _('Create')
    submit_url = reverse_lazy('horizon:admin:placement_policies:create')
    success_url = reverse_lazy(INDEX)
