import itertools

from promise.policies import base
from promise.policies import calendar
from promise.policies import capacity
from promise.policies import hosts
from promise.policies import instances
from promise.policies import leases
from promise.policies import placement
from promise.policies import pools
from promise.policies import providers
from promise.policies import subscriptions


def list_rules():
    return list(itertools.chain(base.list_rules(), leases.list_rules(),
                                hosts.list_rules(), capacity.list_rules(),
                                pools.list_rules(), calendar.list_rules(),
                                subscriptions.list_rules(),
                                providers.list_rules(),
                                instances.list_rules(),
                                placement.list_rules()))
