"""What one scheduling request asks, decided host by host.

A host passes an ordinary boot when, at every instant from now to the
instance's expected end, its current use plus the reservations on it that
have not started plus the instance fit its capacity, for every class the
instance asks for. That is the test admission applies to a claim
(HostCalendar.fits), with current use as a claim from now on. Current use
and capacity are Nova's (HostState, allocation ratios included), so the
usage Nova adds between the instances of one request counts too; the
reservations are Promise's.

Reservations that have started are not counted: once their instances
boot they are in Nova's current use, and counting them again would refuse
boots the host can take. An instance booted with ``reservation=<id>``
must land on a host holding that reservation, while its lease runs, where
the reservation's allocation covers the instance. A preemptible instance
ignores reservations (the manager evicts it when one starts) but not
capacity taken away by an adjustment.
"""
from bisect import bisect_right
import math

INF = math.inf


def _room_checker(steps_by_host, classes, amounts, now, end):
    """A function telling whether a host has room for the instance on top
    of its step function in ``steps_by_host`` (by hypervisor hostname).

    Called once per host per request: everything that does not depend on
    the host is bound here, and the classes are unrolled.
    """
    index = {rc: i for i, rc in enumerate(classes)}

    def need(rc):
        # Only the classes asked for are checked, as admission does.
        return (index[rc], amounts.get(rc) or 0) if rc in index else (0, 0)

    (iv, v), (im, m), (id_, d), (ii, n) = (
        need('VCPU'), need('MEMORY_MB'), need('DISK_GB'), need('INSTANCES'))
    get = steps_by_host.get
    open_ended = end == INF

    def passes(hs):
        steps = get(hs.nodename)
        if steps is None:
            # Nothing reserved there: Placement has checked current use.
            return True
        if open_ended:
            peak = steps.peaks[bisect_right(steps.times, now)]
        else:
            peak = steps.peak(now, end)
        # Capacity from Nova's HostState with its allocation ratios (what
        # Placement enforces), use as Nova reports it, the usage Nova adds
        # between the instances of one request included. Use and amounts
        # are whole numbers, so comparing with the unrounded capacity is
        # comparing with Placement's rounded-down one.
        if v and peak[iv] + v + hs.vcpus_used > \
                hs.vcpus_total * (hs.cpu_allocation_ratio or 1.0):
            return False
        if m:
            # free_ram_mb already counts the memory kept for the host.
            total = hs.total_usable_ram_mb
            if peak[im] + m + total - hs.free_ram_mb > \
                    total * (hs.ram_allocation_ratio or 1.0):
                return False
        # Disk given to instances, as Placement counts it, rather than
        # free_disk_mb, which drivers lower to the space physically left.
        if d and peak[id_] + d + hs.disk_mb_used // 1024 > \
                hs.total_usable_disk_gb * (hs.disk_allocation_ratio or 1.0):
            return False
        # Nova has no instance count limit of its own: Promise's is used.
        if n and peak[ii] + n + hs.num_instances > steps.capacity[ii]:
            return False
        return True

    return passes


def _always(host_state):
    return True


def _never(host_state):
    return False


class Plan:
    """Checks hosts for one request against one calendar version.

    ``amounts`` is what the instance asks per class; ``calendar`` None
    means Promise could not be reached, and then every host gets
    ``fail_open``. ``passes(host_state)`` decides a host.
    """

    def __init__(self, calendar, now, amounts, end=INF, reservation=None,
                 preemptible=False, fail_open=True):
        self.calendar = calendar
        self.now = now
        self.end = max(end, now + 1)
        self.reservation = reservation
        self.preemptible = preemptible
        self.reason = None
        if calendar is None:
            self.passes = _always if fail_open else _never
            self.reason = 'Promise is unreachable (fail %s)' % (
                'open' if fail_open else 'closed')
            return
        if reservation is not None:
            res = calendar.reservations.get(reservation)
            if res is None or not res.running(now):
                self.passes = _never
                self.reason = ('reservation %s is not active' %
                               reservation)
                return
            # Its instances go when the lease ends.
            self.end = min(self.end, res.end)
            self.passes = self._in_reservation(
                res.hosts, calendar.classes, amounts,
                _room_checker(calendar.reserved, calendar.classes, amounts,
                              now, self.end))
        else:
            self.passes = _room_checker(
                calendar.taken if preemptible else calendar.reserved,
                calendar.classes, amounts, now, self.end)

    @staticmethod
    def _in_reservation(held_by_host, classes, amounts, fits):
        needs = [(i, amounts[rc]) for i, rc in enumerate(classes)
                 if amounts.get(rc)]

        def passes(hs):
            held = held_by_host.get(hs.nodename)
            if held is None:
                return False
            for i, need in needs:
                if need > held[i]:
                    return False
            return fits(hs)

        return passes
