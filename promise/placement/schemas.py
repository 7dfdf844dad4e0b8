"""Column names of the tables policies can read.

Each table is named as policies write it, data source prefix included.
Rules may refer to columns by position (``nova:node(s, "type1")``) or by
name (``nova:node(type="type1", server=s)``); names are resolved against
these schemas.  Tables a policy derives itself (``error`` and helpers)
need no schema: their arity is fixed by their first rule.
"""

import types

DEFAULT_SCHEMAS = types.MappingProxyType({
    # The draft's tables (of the policy-based placement draft).
    "nova:node": ("server", "type"),
    "server_utilization": ("server", "overall_util"),
    "vm_host_mapping": ("vm", "server"),
    "anti_affinity_group": ("vm", "group"),
    # Inventory of the hosts: capacity per resource class, after the
    # allocation ratios, and the server type.
    "nova:hosts": ("host", "type", "vcpus", "memory_mb", "disk_gb"),
    # Usage of the hosts by running instances, per resource class.
    "nova:host_usage": ("host", "vcpus", "memory_mb", "disk_gb"),
    # Nova's flavors, as Congress's nova data source names them.
    "nova:flavors": ("id", "name", "vcpus", "ram", "disk"),
    # Running instances; ``host`` is the hypervisor host name.
    "nova:servers": ("id", "name", "host", "flavor", "status"),
    # Promise's reservations: one row per reservation, dates in ISO 8601
    # (UTC) so that string comparison orders them.
    "promise:reservations": ("id", "lease_id", "resource_type", "status",
                             "start_date", "end_date"),
    # The hosts a reservation holds capacity on.
    "promise:reservation_hosts": ("reservation_id", "host"),
})


def arity(schemas, table):
    columns = schemas.get(table)
    return None if columns is None else len(columns)
