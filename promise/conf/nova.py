"""Options of the nova VIM driver: how Promise reaches Nova.

The credentials, TLS settings and endpoint selection are keystoneauth1's
own options, registered under ``[nova]`` as every OpenStack service does
for the services it calls; the options below are the driver's.
"""
import copy

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from promise.vim import nova_settings

GROUP = 'nova'
nova_group = cfg.OptGroup(
    GROUP, title='Nova VIM driver',
    help='How the "nova" VIM driver reaches Nova: keystoneauth1 '
         'credentials and endpoint selection, the compute API '
         'microversion, and the transport of Nova\'s versioned '
         'notifications.')

HYPERVISOR = nova_settings.HYPERVISOR
PLACEMENT = nova_settings.PLACEMENT
PIN_HOST_FIELD = nova_settings.PIN_HOST_FIELD
PIN_AVAILABILITY_ZONE = nova_settings.PIN_AVAILABILITY_ZONE
_DEFAULTS = nova_settings.Settings()

nova_opts = [
    cfg.StrOpt('api_microversion',
               default=_DEFAULTS.api_microversion,
               help='Compute API microversion. "2.latest" negotiates the '
                    'highest version both Nova and python-novaclient '
                    'support; an explicit version must be %s or later '
                    '(hypervisors and services by UUID). Host pinning '
                    'with the host field needs %s.' % (
                        nova_settings.MIN_MICROVERSION,
                        nova_settings.HOST_FIELD_MICROVERSION)),
    cfg.StrOpt('resource_source',
               default=_DEFAULTS.resource_source,
               choices=[(HYPERVISOR, 'vCPUs, memory and disk as the '
                                     'hypervisors API reports them '
                                     '(asked at microversion 2.87, the '
                                     'last one that reports them); no '
                                     'allocation ratios.'),
                        (PLACEMENT, 'Inventories of the compute nodes\' '
                                    'resource providers in Placement: '
                                    'totals minus reserved amounts, with '
                                    'their allocation ratios.')],
               help='Where the capacity of each hypervisor is read.'),
    cfg.StrOpt('placement_endpoint_override',
               help='Placement endpoint, when resource_source is '
                    '"placement" and the catalog should not be used.'),
    cfg.StrOpt('host_pinning',
               default=_DEFAULTS.host_pinning,
               choices=[(PIN_HOST_FIELD, 'The "host" and '
                                         '"hypervisor_hostname" fields of '
                                         'microversion 2.74: the scheduler '
                                         'still checks the host (policy '
                                         'compute:servers:create:'
                                         'requested_destination).'),
                        (PIN_AVAILABILITY_ZONE, 'availability_zone '
                                                '"zone:host:node", which '
                                                'bypasses the scheduler '
                                                '(policy os_compute_api:'
                                                'servers:create:'
                                                'forced_host).')],
               help='How a server is pinned to the hypervisor Promise '
                    'chose for it.'),
    cfg.StrOpt('default_availability_zone',
               default=_DEFAULTS.default_availability_zone,
               help='Availability zone of a host whose zone Nova did not '
                    'report, used when pinning with availability_zone.'),
    cfg.IntOpt('shelve_offload_timeout',
               default=_DEFAULTS.shelve_offload_timeout, min=1,
               help='Seconds to wait for a server to be shelved before it '
                    'is offloaded (when Nova does not offload it by '
                    'itself).'),
    cfg.StrOpt('notification_transport_url',
               secret=True,
               help='Transport URL of Nova\'s notifications (Nova\'s '
                    '[oslo_messaging_notifications] transport_url, or its '
                    '[DEFAULT] transport_url when that is unset). When '
                    'unset the driver does not listen and Promise only '
                    'learns of changes by polling.'),
    cfg.StrOpt('notification_topic',
               default=_DEFAULTS.notification_topic,
               help='Topic of Nova\'s versioned notifications (Nova\'s '
                    '[notifications] versioned_notifications_topics).'),
    cfg.StrOpt('notification_exchange',
               default=_DEFAULTS.notification_exchange,
               help='Exchange Nova publishes its notifications on (Nova\'s '
                    '[DEFAULT] control_exchange).'),
    cfg.StrOpt('notification_pool',
               default=_DEFAULTS.notification_pool,
               help='Listener pool: the managers of one Promise '
                    'deployment share it, so that each notification is '
                    'handled once, while other consumers of the topic '
                    'still receive their own copy.'),
]


def _keystoneauth_opts():
    opts = (ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            ks_loading.get_adapter_conf_options(include_deprecated=False))
    seen = {}
    for opt in opts:
        seen.setdefault(opt.dest, opt)
    return list(seen.values())


def register_opts(conf):
    conf.register_group(nova_group)
    conf.register_opts(nova_opts, group=nova_group)
    ks_loading.register_session_conf_options(conf, GROUP)
    ks_loading.register_auth_conf_options(conf, GROUP)
    ks_loading.register_adapter_conf_options(conf, GROUP,
                                             include_deprecated=False)
    conf.set_default('service_type', _DEFAULTS.service_type, group=GROUP)
    conf.set_default('valid_interfaces', list(_DEFAULTS.valid_interfaces),
                     group=GROUP)


def list_opts():
    ks_opts = copy.deepcopy(_keystoneauth_opts())
    for opt in ks_opts:
        if opt.dest == 'service_type':
            opt.default = _DEFAULTS.service_type
        elif opt.dest == 'valid_interfaces':
            opt.default = list(_DEFAULTS.valid_interfaces)
    return {nova_group: nova_opts + ks_opts}
