"""The contract of a resource plugin.

A plugin turns the reservation request of one resource type into claims on
hosts or pools, using the capacity engine over the admission ``World``.
The manager owns transactions, retries, events and statuses; plugins never
touch the database or the API.
"""
import abc


class NotEnough(Exception):
    """The request does not fit in the window asked for."""


class ResourcePlugin(abc.ABC):
    resource_type = None

    @abc.abstractmethod
    def validate(self, values):
        """Check and normalise request fields; return what is stored.

        Raise promise.exceptions.ValidationError on bad input.
        """

    @abc.abstractmethod
    def reserve(self, world, reservation_id, values, start, end):
        """Claim what ``values`` asks for on [start, end) in ``world``.

        Raise NotEnough when it does not fit.
        """

    @abc.abstractmethod
    def max_reservable(self, world, values, start, end):
        """The largest amount of this request that fits in the window."""

    def _largest_that_fits(self, world, upper, sized, start, end):
        """The largest n up to ``upper`` for which ``sized(n)`` (request
        values asking for n) is reserved with every pool keeping room for
        the amounts held in it; ``upper`` counts the hosts alone."""
        def fits(n):
            mark = len(world.claims)
            try:
                self.reserve(world, None, sized(n), start, end)
                return world.pools_still_fit()
            except NotEnough:
                return False
            finally:
                world.rollback(mark)

        # Without amounts held in pools the hosts-alone figure is the
        # answer, and the tries (each a full reservation) are not needed.
        if upper <= 0 or not world.holds_pool_amounts() or fits(upper):
            return max(upper, 0)
        low, high = 0, upper
        while high - low > 1:
            mid = (low + high) // 2
            if fits(mid):
                low = mid
            else:
                high = mid
        return low

    @abc.abstractmethod
    def earliest_window(self, world, values, duration, search_start,
                        search_end):
        """(start, end) epoch seconds of the earliest fit, or None."""

    def update(self, world, reservation_id, old_values, new_values, start,
               end, previous, started):
        """Re-claim after a change; the world no longer holds the old
        allocations of this reservation.

        ``previous`` maps host ids to the amounts the reservation held
        there. The same hosts are tried first, so that a change moves
        nothing that need not move; a started reservation (instances may
        run there) must keep them.
        """
        if previous and old_values == new_values and \
                self._fits_previous(world, previous, start, end):
            for host_id, amounts in sorted(previous.items()):
                world.claim_host(reservation_id, host_id, start, end,
                                 amounts)
            return
        if started and previous and old_values == new_values:
            raise NotEnough()
        self.reserve(world, reservation_id, new_values, start, end)

    @staticmethod
    def _fits_previous(world, previous, start, end):
        for host_id, amounts in previous.items():
            cal = world.calendars.get(host_id)
            if cal is None or not world.hosts[host_id].usable or \
                    not cal.fits(start, end, amounts):
                return False
        return True

    def merge(self, old_values, changes):
        """Values after an update request: changes on top of the old."""
        merged = dict(old_values)
        merged.update(changes)
        return self.validate(merged)

    def release(self, context, reservation):
        """The reservation is cancelled; its allocations are deleted by the
        manager in the same transaction."""

    def on_start(self, context, reservation):
        """The lease starts: nothing to do until a VIM is involved."""

    def on_end(self, context, reservation):
        """The lease ends; its allocations are released by the manager."""

    def heal(self, world, reservation_id, values, start, end):
        """Re-allocate after hosts were lost: reserve again elsewhere."""
        self.reserve(world, reservation_id, values, start, end)

    def describe(self, reservation_id, values):
        """Fields shown for the reservation besides the stored values."""
        return {}
