"""Load a nova.conf as nova-scheduler does and print what the Promise
filter set-up amounts to, as JSON.

Run in a process of its own (``python -m ...nova_conf_load FILE...``): Nova
and Promise both register options on the global CONF, under some of the
same group names.
"""
import json
import sys

from nova.conf import scheduler as nova_scheduler_conf
from nova.scheduler import filters as nova_filters

from promise.nova import conf as promise_nova_conf
from promise.tests.unit.devstack import conf_check


def _register(conf):
    # The groups the plugin writes to: Nova's scheduler options, then what
    # importing PromiseFilter registers.
    nova_scheduler_conf.register_opts(conf)
    promise_nova_conf.register_opts(conf)


def main(paths):
    try:
        results = [_load(path) for path in paths]
    except conf_check.Problems as exc:
        print(exc, file=sys.stderr)
        return 1
    json.dump(results, sys.stdout)
    return 0


def _load(path):
    loaded = conf_check.load(path, _register)
    conf = loaded.conf
    scheduler = conf.filter_scheduler
    # What HostManager does at start: enabled filters are looked up among
    # the classes available_filters names.
    classes = nova_filters.HostFilterHandler().get_matching_classes(
        scheduler.available_filters)
    auth = loaded.auth.get('promise')
    return {
        'available_filters': scheduler.available_filters,
        'enabled_filters': scheduler.enabled_filters,
        'loadable_filters': sorted({cls.__name__ for cls in classes}),
        'promise': {
            'auth_url': getattr(auth, 'auth_url', None),
            'username': getattr(auth, '_username', None),
            'region_name': conf.promise.region_name,
            'service_type': conf.promise.service_type,
            'endpoint_override': conf.promise.endpoint_override,
        },
    }


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
