"""Load a configuration file with oslo.config as a service would, and list
every section, option or value the service would not accept.

The options are those a service registers: the namespaces of
oslo-config-generator that list them, then, for each section naming an
``auth_type``, the options of that keystoneauth plugin (keystoneauth
registers them when the service loads the plugin, so no static list holds
them).
"""
import os

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
from stevedore import named

from promise.tests.unit.devstack import sandbox

GENERATOR_CONF = os.path.join(sandbox.REPO, 'etc', 'promise',
                              'promise-config-generator.conf')


def promise_namespaces():
    """The namespaces of etc/promise/promise-config-generator.conf."""
    return _read_sections(GENERATOR_CONF)['DEFAULT']['namespace']


def _plugin_only(opts):
    """Options of keystoneauth's password plugin that the generator lists
    for the sample file but a service registers only when it loads the
    plugin its auth_type names (load() does that, as the service would)."""
    static = {o.dest for o in ks_loading.get_session_conf_options() +
              ks_loading.get_auth_common_conf_options() +
              ks_loading.get_adapter_conf_options(include_deprecated=False)}
    plugin = {o.dest for o in
              ks_loading.get_auth_plugin_conf_options('password')}
    return [o for o in opts if o.dest in plugin and o.dest not in static]


def register_namespaces(conf, namespaces):
    def missing(names):
        raise AssertionError('no oslo.config.opts entry point named %s'
                             % ', '.join(sorted(names)))

    def failed(manager, entrypoint, exc):
        raise exc

    manager = named.NamedExtensionManager(
        'oslo.config.opts', names=namespaces, invoke_on_load=True,
        on_load_failure_callback=failed,
        on_missing_entrypoints_callback=missing)
    for ext in manager:
        for group, opts in ext.obj:
            # By name: an OptGroup object keeps the options registered
            # through it, so sharing the project's objects would register
            # these options on the service's global configuration too.
            name = getattr(group, 'name', group)
            skipped = _plugin_only(opts)
            opts = [o for o in opts if o not in skipped]
            if name in (None, 'DEFAULT'):
                conf.register_opts(opts)
            else:
                conf.register_opts(opts, group=name)


class Problems(AssertionError):
    pass


class LoadedConf:
    """A parsed file: ``conf`` (a ConfigOpts), ``sections`` (as written)
    and ``auth`` (the keystoneauth plugin of each section with one)."""

    def __init__(self, conf, sections, auth):
        self.conf = conf
        self.sections = sections
        self.auth = auth


def _read_sections(path):
    """{section: {option: [values]}}, as oslo.config reads the file."""
    sections = {}
    cfg.ConfigParser(path, sections).parse()
    return sections


def _is_group(conf, name):
    try:
        return isinstance(conf[name], cfg.ConfigOpts.GroupAttr)
    except Exception:
        # An option of DEFAULT whose value is rejected: reported below.
        return False


def load(path, register):
    """Parse ``path`` with the options ``register(conf)`` registers.

    Raises Problems listing every unknown section or option and every
    value oslo.config (or keystoneauth, for auth sections) rejects.
    """
    sections = _read_sections(path)
    conf = cfg.ConfigOpts()
    register(conf)
    for section, options in sections.items():
        if section != 'DEFAULT' and 'auth_type' in options:
            ks_loading.register_auth_conf_options(conf, section)
    conf([], project=None, default_config_files=[path], use_env=False)

    problems = []
    auth = {}
    for section, options in sections.items():
        if section != 'DEFAULT' and 'auth_type' in options:
            try:
                auth[section] = ks_loading.load_auth_from_conf_options(
                    conf, section)
            except Exception as exc:
                problems.append('[%s] auth: %s' % (section, exc))
    for section, options in sections.items():
        if section == 'DEFAULT':
            known = [name for name in conf if not _is_group(conf, name)]
            group = conf
        elif section in conf and _is_group(conf, section):
            group = conf[section]
            known = list(group)
        else:
            problems.append('[%s] is not a section the service registers'
                            % section)
            continue
        for option in options:
            dest = option.replace('-', '_')
            if dest not in known:
                problems.append('[%s] %s is not an option the service '
                                'registers' % (section, option))
                continue
            try:
                group[dest]
            except Exception as exc:
                problems.append('[%s] %s: %s' % (section, option, exc))
    if problems:
        raise Problems('%s:\n  %s' % (path, '\n  '.join(problems)))
    return LoadedConf(conf, sections, auth)
