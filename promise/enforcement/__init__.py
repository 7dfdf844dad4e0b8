"""Usage enforcement: filters run before a lease is created or updated.

Filters are loaded from the promise.enforcement.filters entry points named
in [reservation] enforcement_filters. Administrators are exempt.
"""
from stevedore import named

from promise.conf import CONF

NAMESPACE = 'promise.enforcement.filters'


def check(context, session, lease, lease_id=None):
    """Run every enabled filter; each raises a 403/409 PromiseException.

    ``lease`` holds start_date, end_date (datetimes), project_id and now.
    """
    if context.is_admin:
        return
    mgr = named.NamedExtensionManager(
        NAMESPACE, CONF.reservation.enforcement_filters,
        invoke_on_load=True, name_order=True)
    for ext in mgr:
        ext.obj.check(context, session, lease, lease_id)
