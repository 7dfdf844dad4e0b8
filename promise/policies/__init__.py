import itertools

from promise.policies import base
from promise.policies import hosts
from promise.policies import leases


def list_rules():
    return list(itertools.chain(base.list_rules(), leases.list_rules(),
                                hosts.list_rules()))
