import abc

from promise import exceptions

LimitExceeded = exceptions.LimitExceeded
ProjectQuotaExceeded = exceptions.ProjectQuotaExceeded


class EnforcementFilter(abc.ABC):
    @abc.abstractmethod
    def check(self, context, session, lease, lease_id=None):
        """Raise a PromiseException when the lease breaks the limit."""
