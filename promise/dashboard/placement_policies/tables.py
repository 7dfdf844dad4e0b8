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


class Simulate(tables.LinkAction):
    name = 'simulate'
    verbose_name = _('Simulate Moves')
    url = 'horizon:admin:placement_policies:simulate'
    icon = 'random'


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
        table_actions = (CreatePolicy, Simulate, DeletePolicy)
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


class DeleteRule(tables.DeleteAction):
    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Rule', 'Delete Rules', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Rule', 'Deleted Rules', count)

    def delete(self, request, obj_id):
        rule = self.table.get_object_by_id(obj_id) or {}
        policy_id = rule.get('policy_id') or self.table.kwargs['policy_id']
        try:
            api.rule_delete(request, policy_id, obj_id)
        except api.PromiseAPIError as exc:
            messages.error(request, _('Rule %(id)s: %(reason)s') %
                           {'id': obj_id, 'reason': exc.message})
            raise


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
        table_actions = (DeleteRule,)
        row_actions = (DeleteRule,)


class PolicyViolationsTable(ViolationsTable):
    class Meta:
        name = 'policy_violations'
        verbose_name = _('Current violations')


def table_url(table):
    return reverse('horizon:admin:placement_policies:table',
                   args=(table['name'],))


class PolicyTablesTable(tables.DataTable):
    """The tables policies read, with their columns and row counts."""

    name = tables.Column('name', verbose_name=_('Table'), link=table_url)
    columns = tables.Column(lambda t: ', '.join(t.get('columns') or []),
                            verbose_name=_('Columns'))
    rows = tables.Column('rows', verbose_name=_('Rows'))

    def get_object_id(self, datum):
        return datum['name']

    class Meta:
        name = 'policy_tables'
        verbose_name = _('Policy Tables')
        table_actions = (tables.FilterAction,)


def column_names(columns, rows):
    """The table's own column names, and for a row wider than they say,
    "column N" for the rest (tables outside the default schemas have
    no names)."""
    names = list(columns or [])
    width = max([len(r) for r in rows] + [len(names)])
    return names + [_('column %d') % (i + 1)
                    for i in range(len(names), width)]


def rows_table_class(columns):
    """A DataTable with one column per name of ``columns``, over rows
    given as {'id', 'values'}."""
    attrs = {}
    for i, column in enumerate(columns):
        attrs['c%d' % i] = tables.Column(
            lambda r, i=i: r['values'][i] if i < len(r['values']) else '',
            verbose_name=column)
    attrs['get_object_id'] = lambda self, datum: datum['id']
    attrs['Meta'] = type('Meta', (), {
        'name': 'table_rows', 'verbose_name': _('Rows'),
        'table_actions': (tables.FilterAction,)})
    return type('TableRowsTable', (tables.DataTable,), attrs)


class SimulationTable(tables.DataTable):
    """The violations a simulation adds and removes, one row each."""

    policy = tables.Column('policy', verbose_name=_('Policy'))
    change = tables.Column('change', verbose_name=_('Change'))
    row = tables.Column(_row, verbose_name=_('Row of the error table'))

    def get_object_id(self, datum):
        return '%s:%s' % (datum['change'], violation_id(datum))

    class Meta:
        name = 'simulation'
        verbose_name = _('Violations added and removed')
