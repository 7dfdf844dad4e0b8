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
        return utils.listed(self.request, _('Unable to list violations'),
                            api.policy_violations, self._policy()['id'])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['policy'] = self._policy()
        context['url'] = reverse(INDEX)
        return context


class CreateView(forms.ModalFormView):
    form_class = policy_forms.CreatePolicyForm
    template_name = 'promise_dashboard/placement_policies/create.html'
    # The template is the bare modal form, for the Create button's modal
    # (an AJAX request) as for the page opened by its address.
    ajax_template_name = template_name
    modal_id = 'create_policy_modal'
    modal_header = _('Create Placement Policy')
    page_title = _('Create Placement Policy')
    submit_label = _('Create')
    submit_url = reverse_lazy('horizon:admin:placement_policies:create')
    success_url = reverse_lazy(INDEX)


class SimulateView(forms.ModalFormView):
    """Moves entered by hand, and what they would change: the page shows
    the answer under the form instead of leaving it."""

    form_class = policy_forms.SimulateForm
    template_name = 'promise_dashboard/placement_policies/simulate.html'
    ajax_template_name = \
        'promise_dashboard/placement_policies/_simulate.html'
    modal_id = 'simulate_modal'
    modal_header = _('Simulate Moves')
    page_title = _('Simulate Moves')
    submit_label = _('Simulate')
    submit_url = reverse_lazy('horizon:admin:placement_policies:simulate')
    cancel_url = reverse_lazy(INDEX)
    cancel_label = _('Back to policies')
    success_url = reverse_lazy(INDEX)

    def form_valid(self, form):
        try:
            simulation = form.handle(self.request, form.cleaned_data)
        except Exception:
            simulation = False
            horizon_exceptions.handle(self.request)
        if simulation is False:
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(
            form=form, simulation=simulation,
            simulation_table=tables.SimulationTable(
                self.request,
                data=policy_forms.simulation_rows(simulation))))


class TableView(horizon_tables.DataTableView):
    """The rows of one policy table, under the table's own columns."""

    template_name = 'promise_dashboard/placement_policies/table.html'
    page_title = _('Policy Table {{ table_name }}')

    def _columns_and_rows(self):
        if not hasattr(self, '_found'):
            name = self.kwargs['table_name']
            try:
                rows = api.policy_table_rows(self.request, name)
                listed = api.policy_table_list(self.request)
            except api.PromiseAPIError as exc:
                if exc.status == 401:
                    raise horizon_exceptions.NotAuthenticated(str(exc))
                horizon_exceptions.handle(
                    self.request, _('Unable to read table %(name)s: '
                                    '%(reason)s') % {
                        'name': name, 'reason': exc.message},
                    redirect=reverse(INDEX) + '?tab=placement__tables')
            columns = next((t.get('columns') for t in listed
                            if t['name'] == name), None)
            self._found = (tables.rows_table_class(
                tables.column_names(columns, rows)), rows)
        return self._found

    @property
    def table_class(self):
        # Its columns are the table's: known only once the API answered.
        return self._columns_and_rows()[0]

    def get_data(self):
        return [{'id': i, 'values': row}
                for i, row in enumerate(self._columns_and_rows()[1])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['table_name'] = self.kwargs['table_name']
        context['url'] = reverse(INDEX) + '?tab=placement__tables'
        return context
