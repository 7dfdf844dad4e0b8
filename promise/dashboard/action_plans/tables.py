from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from promise.dashboard import api

# state -> what the API lets an administrator do with the plan
ALLOWED = {'RECOMMENDED': ('approve', 'cancel'),
           'APPROVED': ('execute', 'cancel')}
# Horizon polls the rows whose status is None: ONGOING plans.
STATUS_CHOICES = (('RECOMMENDED', True), ('APPROVED', True),
                  ('ONGOING', None), ('SUCCEEDED', True), ('FAILED', False),
                  ('CANCELLED', False))


def detail_url(plan):
    return reverse('horizon:admin:action_plans:detail', args=(plan['id'],))


def efficacy(plan, key):
    return (plan.get('efficacy') or {}).get(key, '-')


def moves_done(plan):
    moves = plan.get('moves') or []
    done = sum(1 for m in moves if m.get('state') == 'SUCCEEDED')
    return '%d / %d' % (done, len(moves))


class RunAudit(tables.LinkAction):
    name = 'audit'
    verbose_name = _('Run Audit')
    url = 'horizon:admin:action_plans:audit'
    classes = ('ajax-modal',)
    icon = 'search'


class PlanAction(tables.BatchAction):
    """One transition of a plan through the API, offered where its state
    allows it."""

    api_action = None

    def allowed(self, request, datum=None):
        return datum is None or \
            self.api_action in ALLOWED.get(datum.get('state'), ())

    def action(self, request, obj_id):
        try:
            api.plan_action(request, obj_id, self.api_action)
        except api.PromiseAPIError as exc:
            messages.error(request, _('Action plan %(id)s: %(reason)s') %
                           {'id': obj_id, 'reason': exc.message})
            raise


class ApprovePlan(PlanAction):
    name = 'approve'
    api_action = 'approve'
    classes = ('btn-primary',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Approve Plan', 'Approve Plans', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Approved Plan', 'Approved Plans', count)


class ExecutePlan(PlanAction):
    name = 'execute'
    api_action = 'execute'
    classes = ('btn-primary',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Execute Plan', 'Execute Plans', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Started Plan', 'Started Plans', count)


class CancelPlan(PlanAction):
    name = 'cancel'
    api_action = 'cancel'
    action_type = 'danger'

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Cancel Plan', 'Cancel Plans', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Cancelled Plan', 'Cancelled Plans', count)


class UpdateRow(tables.Row):
    """Fetched again by Horizon's JavaScript while the plan is ONGOING."""

    ajax = True

    def get_data(self, request, plan_id):
        return api.plan_get(request, plan_id)


class ActionPlansTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'), link=detail_url)
    state = tables.Column('state', verbose_name=_('State'), status=True,
                          status_choices=STATUS_CHOICES)
    policies = tables.Column(
        lambda p: ', '.join((p.get('audit') or {}).get('policies') or []),
        verbose_name=_('Policies'))
    moves = tables.Column(moves_done, verbose_name=_('Moves done'))
    migrations = tables.Column(lambda p: efficacy(p, 'migrations'),
                               verbose_name=_('Migrations'))
    hosts_freed = tables.Column(lambda p: efficacy(p, 'hosts_freed'),
                                verbose_name=_('Hosts freed'))
    created_at = tables.Column(lambda p: api.short_date(p.get('created_at')),
                               verbose_name=_('Created (UTC)'))
    state_reason = tables.Column(lambda p: p.get('state_reason') or '',
                                 verbose_name=_('Reason'))

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum['id']

    class Meta:
        name = 'action_plans'
        verbose_name = _('Action Plans')
        status_columns = ('state',)
        row_class = UpdateRow
        table_actions = (RunAudit,)
        row_actions = (ApprovePlan, ExecutePlan, CancelPlan)


class MovesTable(tables.DataTable):
    number = tables.Column('number', verbose_name=_('#'))
    vm = tables.Column('vm', verbose_name=_('VM'))
    source = tables.Column('from', verbose_name=_('From'))
    target = tables.Column('to', verbose_name=_('To'))
    state = tables.Column('state', verbose_name=_('State'), status=True,
                          status_choices=(('PENDING', True),
                                          ('ONGOING', None),
                                          ('SUCCEEDED', True),
                                          ('FAILED', False)))
    reason = tables.Column(lambda m: m.get('reason') or '',
                           verbose_name=_('Reason'))

    def get_object_id(self, datum):
        return str(datum['number'])

    class Meta:
        name = 'moves'
        verbose_name = _('Moves')
        status_columns = ('state',)
