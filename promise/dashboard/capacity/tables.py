from django.utils.translation import gettext_lazy as _
from horizon import tables


class HostsTable(tables.DataTable):
    hypervisor_hostname = tables.Column('hypervisor_hostname',
                                        verbose_name=_('Host'))
    availability_zone = tables.Column('availability_zone',
                                      verbose_name=_('Zone'))
    vcpus = tables.Column('vcpus', verbose_name=_('vCPUs'))
    memory_mb = tables.Column('memory_mb', verbose_name=_('Memory (MiB)'))
    local_gb = tables.Column('local_gb', verbose_name=_('Disk (GB)'))
    state = tables.Column('state', verbose_name=_('State'))
    reservable = tables.Column('reservable', verbose_name=_('Reservable'))
    properties = tables.Column(
        lambda h: ', '.join('%s=%s' % (k, h[k]) for k in
                            ('rack', 'server_type', 'vendor') if h.get(k)),
        verbose_name=_('Properties'))

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum['hypervisor_hostname']

    class Meta:
        name = 'hosts'
        verbose_name = _('Hosts')
        table_actions = (tables.FilterAction,)
