"""Resource plugins, loaded with stevedore from promise.resource.plugins and
indexed by the resource_type they handle."""
from stevedore import extension

from promise import exceptions

NAMESPACE = 'promise.resource.plugins'

_PLUGINS = None


def all_plugins():
    global _PLUGINS
    if _PLUGINS is None:
        mgr = extension.ExtensionManager(NAMESPACE, invoke_on_load=True)
        _PLUGINS = {ext.obj.resource_type: ext.obj for ext in mgr}
    return _PLUGINS


def get(resource_type):
    plugins = all_plugins()
    if resource_type not in plugins:
        raise exceptions.ValidationError(
            reason='unknown resource_type %r; known: %s' %
            (resource_type, ', '.join(sorted(plugins))))
    return plugins[resource_type]
