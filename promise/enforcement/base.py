import abc

from promise import exceptions


class LimitExceeded(exceptions.Forbidden):
    msg_fmt = '%(reason)s'


class ProjectQuotaExceeded(exceptions.Conflict):
    msg_fmt = '%(reason)s'


class EnforcementFilter(abc.ABC):
    @abc.abstractmethod
    def check(self, context, session, lease, lease_id=None):
        """Raise a PromiseException when the lease breaks the limit."""
