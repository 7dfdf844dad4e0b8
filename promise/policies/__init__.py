import itertools

from promise.policies import base, capacity, hosts, leases, pools


def list_rules():
    return list(itertools.chain(base.list_rules(), leases.list_rules(),
                                hosts.list_rules(), capacity.list_rules(),
                                pools.list_rules()))
