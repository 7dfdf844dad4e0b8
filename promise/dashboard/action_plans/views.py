from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions as horizon_exceptions
from horizon import forms
from horizon import tables as horizon_tables

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.action_plans import forms as plan_forms
from promise.dashboard.action_plans import tables

INDEX = 'horizon:admin:action_plans:index'
# Seconds between reloads of the detail page of an ONGOING plan.
REFRESH = 5
# The figures of the efficacy shown on the detail page, in this order.
EFFICACY = (
    ('migrations', _('Migrations')),
    ('migrations_lower_bound', _('Lower bound on migrations')),
    ('optimal', _('Proved optimal')),
    ('hosts_freed', _('Hosts freed')),
    ('active_hosts_before', _('Active hosts before')),
    ('active_hosts_after', _('Active hosts after')),
    ('mean_utilization_before', _('Mean utilization before')),
    ('mean_utilization_after', _('Mean utilization after')),
    ('violations_before', _('Violations before')),
    ('violations_after', _('Violations after')),
    ('anti_affinity_breaks', _('Anti-affinity breaks')),
    ('verified', _('Verified')),
)


def efficacy_items(plan):
    found = plan.get('efficacy') or {}
    out = []
    for key, label in EFFICACY:
        if key not in found:
            continue
        value = found[key]
        if isinstance(value, dict):
            value = ', '.join('%s: %s' % kv for kv in sorted(
                value.items())) or '0'
        out.append((label, value))
    return out


class IndexView(horizon_tables.DataTableView):
    table_class = tables.ActionPlansTable
    template_name = 'promise_dashboard/action_plans/index.html'
    page_title = _('Action Plans')

    def get_data(self):
        return utils.listed(self.request, _('Unable to list action plans'),
                            api.plan_list)


class DetailView(horizon_tables.MultiTableView):
    """A plan: its row (with the actions its state allows), its moves
    and their states, and the figures of its efficacy."""

    table_classes = (tables.ActionPlansTable, tables.MovesTable)
    template_name = 'promise_dashboard/action_plans/detail.html'
    page_title = _('Action Plan {{ plan.id }}')

    def _plan(self):
        if not hasattr(self, '_found'):
            try:
                self._found = api.plan_get(self.request,
                                           self.kwargs['plan_id'])
            except api.PromiseAPIError as exc:
                if exc.status == 401:
                    raise horizon_exceptions.NotAuthenticated(str(exc))
                horizon_exceptions.handle(
                    self.request, _('Unable to read action plan %(id)s: '
                                    '%(reason)s') % {
                        'id': self.kwargs['plan_id'],
                        'reason': exc.message},
                    redirect=reverse(INDEX))
        return self._found

    def get_action_plans_data(self):
        return [self._plan()]

    def get_moves_data(self):
        return [dict(m, number=i + 1)
                for i, m in enumerate(self._plan().get('moves') or [])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self._plan()
        context['plan'] = plan
        context['efficacy'] = efficacy_items(plan)
        context['refresh'] = REFRESH if plan.get('state') == 'ONGOING' \
            else None
        context['url'] = reverse(INDEX)
        return context


class AuditView(forms.ModalFormView):
    form_class = plan_forms.AuditForm
    template_name = 'promise_dashboard/action_plans/audit.html'
    # The bare modal form serves the Run Audit button's AJAX request too.
    ajax_template_name = template_name
    modal_id = 'audit_modal'
    modal_header = _('Run Audit')
    page_title = _('Run Audit')
    submit_label = _('Run')
    submit_url = reverse_lazy('horizon:admin:action_plans:audit')
    success_url = reverse_lazy(INDEX)
