from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from promise.dashboard import api


class DictTable(tables.DataTable):
    """Rows are the API's JSON objects as they come."""

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum.get('name') or datum['id']


def _reservations(lease):
    parts = []
    for res in lease.get('reservations') or []:
        kind = res.get('resource_type')
        if kind == 'physical:host':
            parts.append('%s host(s)' % res.get('max', res.get('min')))
        elif kind == 'virtual:instance':
            parts.append('%s x %s vCPU / %s MiB' % (
                res.get('amount'), res.get('vcpus'), res.get('memory_mb')))
        else:
            amounts = ', '.join('%s=%s' % (k, res[k])
                                for k in ('cores', 'ram', 'instances')
                                if res.get(k))
            parts.append('%s from %s' % (amounts or kind, res.get('pool')))
    return '; '.join(parts)


class CreateLease(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Lease')
    url = 'horizon:project:reservations:create'
    # A full page, not a modal: its availability search posts back.
    classes = ()
    icon = 'plus'


class DeleteLease(tables.DeleteAction):
    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Lease', 'Delete Leases', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Lease', 'Deleted Leases', count)

    def delete(self, request, obj_id):
        try:
            api.lease_delete(request, obj_id)
        except api.PromiseAPIError as exc:
            messages.error(request, _('Lease %(id)s: %(reason)s') %
                           {'id': obj_id, 'reason': exc.message})
            raise


class LeasesTable(DictTable):
    name = tables.Column('name', verbose_name=_('Name'))
    reservations = tables.Column(_reservations,
                                 verbose_name=_('Reservations'))
    start_date = tables.Column(lambda ls: api.short_date(ls['start_date']),
                               verbose_name=_('Start (UTC)'))
    end_date = tables.Column(lambda ls: api.short_date(ls['end_date']),
                             verbose_name=_('End (UTC)'))
    status = tables.Column('status', verbose_name=_('Status'))

    class Meta:
        name = 'leases'
        verbose_name = _('Leases')
        table_actions = (CreateLease, DeleteLease)
        row_actions = (DeleteLease,)


class CreateInstance(tables.LinkAction):
    name = 'create_instance'
    verbose_name = _('Create Instance')
    url = 'horizon:project:reservations:create_instance'
    classes = ('ajax-modal',)
    icon = 'plus'

    def allowed(self, request, datum=None):
        return not getattr(self.table, 'not_offered', None)


class DeleteInstance(tables.DeleteAction):
    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Instance', 'Delete Instances', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Instance', 'Deleted Instances', count)

    def delete(self, request, obj_id):
        try:
            api.instance_delete(request, obj_id)
        except api.PromiseAPIError as exc:
            messages.error(request, _('Instance %(id)s: %(reason)s') %
                           {'id': obj_id, 'reason': exc.message})
            raise


class InstancesTable(DictTable):
    name = tables.Column('name', verbose_name=_('Name'))
    flavor = tables.Column('flavor', verbose_name=_('Flavor'))
    reservation_id = tables.Column('reservation_id',
                                   verbose_name=_('Reservation'))
    status = tables.Column('status', verbose_name=_('Status'))
    host = tables.Column('host', verbose_name=_('Host'))

    # Set by the tab when the service has no instances API.
    not_offered = None

    def get_empty_message(self):
        if self.not_offered:
            return _('Instances on reserved capacity are not available: '
                     '%s.') % self.not_offered
        return super().get_empty_message()

    class Meta:
        name = 'instances'
        verbose_name = _('Instances on reserved capacity')
        table_actions = (CreateInstance, DeleteInstance)
        row_actions = (DeleteInstance,)


def index_url():
    return reverse('horizon:project:reservations:index')
