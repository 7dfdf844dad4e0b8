from django.contrib import messages
from django.urls import reverse
from django.utils import html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from promise.dashboard import api


def detail_url(policy):
    return reverse('horizon:admin:placement_policies:detail',
                   args=(policy['id'],))


def violation_id(violation):
    return '%s:%s' % (violation['policy'],
                      ','.join(str(v) for v in violation['row']))


def _row(violation):
    return ', '.join(str(v) for v in violation['row'])


class CreatePolicy(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Policy')
    url = 'horizon:admin:placement_policies:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class DeletePolicy(tables.DeleteAction):
    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Policy', 'Delete Policies', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Policy', 'Deleted Policies', count)

    def delete(self, request, obj_id):
        try:
            api.policy_delete(request, obj_id)
        except api.PromiseAPIError as exc:
            messages.error(request, _('Policy %(id)s: %(reason)s') %
                           {'id': obj_id, 'reason': exc.message})
            raise


class PoliciesTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Name'), link=detail_url)
    description = tables.Column('description',
                                verbose_name=_('Description'))
    hard = tables.Column('hard', verbose_name=_('Hard'),
                         filters=(lambda v: _('Yes') if v else _('No'),))
    proactive = tables.Column(
        'proactive', verbose_name=_('Proactive'),
        filters=(lambda v: _('Yes') if v else _('No'),))
    rules = tables.Column(lambda p: len(p.get('rules') or []),
                          verbose_name=_('Rules'))

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum['name']

    class Meta:
        name = 'policies'
        verbose_name = _('Placement Policies')
        table_actions = (CreatePolicy, DeletePolicy)
        row_actions = (DeletePolicy,)


class ViolationsTable(tables.DataTable):
    policy = tables.Column('policy', verbose_name=_('Policy'))
    row = tables.Column(_row, verbose_name=_('Row of the error table'))

    def get_object_id(self, datum):
        return violation_id(datum)

    class Meta:
        name = 'violations'
        verbose_name = _('Violations')
        table_actions = (tables.FilterAction,)


class RulesTable(tables.DataTable):
    name = tables.Column(lambda r: r.get('name') or '', verbose_name=_('Name'))
    # Datalog keeps its layout: monospace, lines as written.
    rule = tables.Column(
        lambda r: html.format_html('<pre class="promise-rule">{}</pre>',
                                   r['rule']),
        verbose_name=_('Rule (Datalog)'))
    comment = tables.Column(lambda r: r.get('comment') or '',
                            verbose_name=_('Comment'))

    def get_object_id(self, datum):
        return datum['id']

    class Meta:
        name = 'rules'
        verbose_name = _('Rules')


class PolicyViolationsTable(ViolationsTable):
    class Meta:
        name = 'policy_violations'
        verbose_name = _('Current violations')
