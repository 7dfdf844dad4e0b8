"""What the nova driver is told: from ``[nova]`` or a provider's config.

Providers registered over the API carry their own credentials and
settings as a dict; the manager's own provider reads the ``[nova]`` group.
Both end up as one ``Settings`` and one keystoneauth1 session. This module
does not load Promise's configuration, so that the driver can run where
another service owns the global configuration (Nova's tests).
"""
import dataclasses

from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session

HYPERVISOR = 'hypervisor'
PLACEMENT = 'placement'
PIN_HOST_FIELD = 'host_field'
PIN_AVAILABILITY_ZONE = 'availability_zone'
# The oldest microversion the driver speaks: hypervisors and services are
# named by UUID, servers embed their flavor (2.47).
MIN_MICROVERSION = '2.53'
# The last microversion whose hypervisors report vCPUs, memory and disk.
HYPERVISOR_RESOURCES_MICROVERSION = '2.87'
# The first microversion with the host field of a server create request.
HOST_FIELD_MICROVERSION = '2.74'


@dataclasses.dataclass
class Settings:
    api_microversion: str = '2.latest'
    resource_source: str = HYPERVISOR
    placement_endpoint_override: str | None = None
    host_pinning: str = PIN_HOST_FIELD
    default_availability_zone: str = 'nova'
    shelve_offload_timeout: int = 300
    notification_transport_url: str | None = None
    notification_topic: str = 'versioned_notifications'
    notification_exchange: str = 'nova'
    notification_pool: str = 'promise'
    # Endpoint selection, as keystoneauth1's adapter options name it.
    service_type: str = 'compute'
    service_name: str | None = None
    region_name: str | None = None
    valid_interfaces: tuple = ('internal', 'public')
    endpoint_override: str | None = None

    @classmethod
    def from_conf(cls, group):
        """From an oslo.config group (``CONF.nova``)."""
        values = {}
        for field in dataclasses.fields(cls):
            value = getattr(group, field.name, None)
            if value is not None:
                values[field.name] = value
        if 'valid_interfaces' in values:
            values['valid_interfaces'] = tuple(values['valid_interfaces'])
        return cls(**values)

    @classmethod
    def from_dict(cls, config):
        """From a provider's config dict: the same names, with the usual
        short forms ``region``, ``interface`` and ``endpoint``."""
        config = dict(config or {})
        aliases = {'region': 'region_name', 'endpoint': 'endpoint_override',
                   'microversion': 'api_microversion'}
        for short, name in aliases.items():
            if short in config and name not in config:
                config[name] = config[short]
        if 'interface' in config and 'valid_interfaces' not in config:
            config['valid_interfaces'] = [config['interface']]
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in config.items()
                  if k in names and v is not None}
        if isinstance(values.get('valid_interfaces'), str):
            values['valid_interfaces'] = [values['valid_interfaces']]
        if 'valid_interfaces' in values:
            values['valid_interfaces'] = tuple(values['valid_interfaces'])
        return cls(**values)


# Keys of a provider config that are not the auth plugin's options.
_SESSION_KEYS = ('insecure', 'cafile', 'cacert', 'certfile', 'keyfile',
                 'timeout')


def _auth_type(config):
    if config.get('auth_type'):
        return config['auth_type']
    if config.get('token'):
        # A token used as is against a known endpoint.
        return 'admin_token'
    if config.get('auth_url'):
        return 'password'
    return 'none'


def session_from_dict(config):
    """A keystoneauth1 session for a provider's config dict.

    ``auth_type`` picks any keystoneauth1 plugin and the other keys are its
    options; without it: ``endpoint`` + ``token`` use the token as is,
    ``auth_url`` + ``username`` + ``password`` + ``project_name`` (with
    ``user_domain_name``/``project_domain_name``, or ``domain_name`` for
    both, ``Default`` when unset) authenticate with Keystone, and
    ``endpoint`` alone sends no token.
    """
    config = dict(config or {})
    auth_type = _auth_type(config)
    options = dict(config)
    if auth_type == 'password':
        domain = config.get('domain_name') or 'Default'
        options.setdefault('user_domain_name', domain)
        options.setdefault('project_domain_name', domain)
    if auth_type in ('admin_token', 'none') and config.get('endpoint'):
        options.setdefault('endpoint', config['endpoint'])
    loader = ks_loading.get_plugin_loader(auth_type)
    known = {opt.dest for opt in loader.get_options()}
    auth = loader.load_from_options(
        **{k: v for k, v in options.items() if k in known and v is not None})
    verify = True
    if config.get('insecure'):
        verify = False
    elif config.get('cacert') or config.get('cafile'):
        verify = config.get('cacert') or config.get('cafile')
    cert = config.get('certfile')
    if cert and config.get('keyfile'):
        cert = (cert, config['keyfile'])
    return ks_session.Session(auth=auth, verify=verify, cert=cert,
                              timeout=config.get('timeout'))


def session_from_conf(conf, group):
    """A keystoneauth1 session from the ``[group]`` options."""
    auth = ks_loading.load_auth_from_conf_options(conf, group)
    return ks_loading.load_session_from_conf_options(conf, group, auth=auth)
