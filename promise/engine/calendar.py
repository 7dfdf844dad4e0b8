"""Free capacity over time for a host and for a pool of hosts."""

from collections.abc import Iterable
from collections.abc import Mapping
import types

from promise.engine.exceptions import InvalidAmounts
from promise.engine.inventory import Inventory
from promise.engine.timeline import check_window
from promise.engine.timeline import Timeline


def needs_of(amounts: Mapping[str, int]) -> dict:
    """The classes a request actually asks for; zero amounts ask nothing."""
    needs = {}
    for rc, amount in amounts.items():
        if amount < 0:
            raise InvalidAmounts(f"negative amount {amount!r} for {rc}")
        if amount:
            needs[rc] = amount
    return needs


class _Calendar:
    """What hosts and pools share: usage, adjustments and a cached free
    timeline rebuilt lazily after any change."""

    def __init__(self, name: str, usage: Timeline | None,
                 adjustments: Timeline | None):
        self.name = name
        # Copies, so a caller mutating its own timeline cannot leave the
        # cached free timeline silently stale.
        self._usage = usage.copy() if usage is not None else Timeline()
        self._adjustments = (adjustments.copy() if adjustments is not None
                             else Timeline())
        self._version = 0
        self._free = None
        self._free_key = None

    @property
    def usage(self) -> Timeline:
        return self._usage.copy()

    @property
    def adjustments(self) -> Timeline:
        return self._adjustments.copy()

    def _state_key(self):
        return self._version

    def _compute_free(self) -> Timeline:
        raise NotImplementedError

    def free(self) -> Timeline:
        """Free capacity over time; frozen and shared, ``copy()`` to edit."""
        key = self._state_key()
        if self._free is None or self._free_key != key:
            self._free = self._compute_free().freeze()
            self._free_key = key
        return self._free

    def claim(self, start, end, amounts: Mapping[str, int]) -> None:
        """Commit ``amounts`` on the window without checking they fit."""
        self._usage.add(start, end, amounts)
        self._version += 1

    def release(self, start, end, amounts: Mapping[str, int]) -> None:
        self._usage.add(start, end, {rc: -a for rc, a in amounts.items()})
        self._version += 1

    def adjust(self, start, end, amounts: Mapping[str, int]) -> None:
        """Change capacity on the window, e.g. -capacity for maintenance."""
        self._adjustments.add(start, end, amounts)
        self._version += 1

    def admits(self, amounts: Mapping[str, int]) -> bool:
        """Whether a single claim of ``amounts`` is acceptable in size,
        regardless of time; pools put no limit on one claim."""
        return True

    def headroom(self, start, end,
                 classes: Iterable[str] | None = None) -> dict:
        """Smallest free amount of each class over ``[start, end)``."""
        return self.free().min_over(start, end, classes)

    def fits(self, start, end, amounts: Mapping[str, int]) -> bool:
        needs = needs_of(amounts)
        check_window(start, end)
        if not needs:
            return True
        if not self.admits(needs):
            return False
        room = self.free().min_over(start, end, needs)
        return all(room[rc] >= need for rc, need in needs.items())

    def max_units(self, start, end, unit_amounts: Mapping[str, int]) -> int:
        """How many separate claims of ``unit_amounts`` fit together."""
        needs = needs_of(unit_amounts)
        if not needs:
            raise InvalidAmounts("a unit must ask for at least one resource")
        check_window(start, end)
        if not self.admits(needs):
            return 0
        room = self.free().min_over(start, end, needs)
        return max(0, min(room[rc] // need for rc, need in needs.items()))

    def is_idle(self, start, end) -> bool:
        """Nothing claimed and no capacity taken away during the window."""
        if (any(self._usage.min_over(start, end).values())
                or any(self._usage.max_over(start, end).values())):
            return False
        lowest = self._adjustments.min_over(start, end)
        return all(v >= 0 for v in lowest.values())

    def busy_spans(self, start) -> list:
        """Sorted, disjoint ``(a, b)`` stretches from ``start`` on where
        ``is_idle`` would fail: something claimed or capacity taken away."""
        negative = {rc: 0 for rc in self._adjustments.classes}
        spans = sorted([*self._usage.nonzero_spans(start),
                        *self._adjustments.shortfalls(start, negative)])
        merged = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        return merged

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class HostCalendar(_Calendar):
    """One compute host: inventories plus adjustments minus usage."""

    def __init__(self, name: str, inventories: Mapping[str, Inventory],
                 usage: Timeline | None = None,
                 adjustments: Timeline | None = None):
        super().__init__(name, usage, adjustments)
        self.inventories = types.MappingProxyType(dict(inventories))
        # Checked for every host of every placement, so keep only the
        # classes that actually limit a single claim.
        self._unit_limits = {rc: inv.max_unit
                             for rc, inv in self.inventories.items()
                             if inv.max_unit is not None}

    @property
    def capacity(self) -> dict:
        return {rc: inv.capacity for rc, inv in self.inventories.items()}

    def _compute_free(self) -> Timeline:
        return Timeline._combine(((Timeline(self.capacity), 1),
                                  (self._adjustments, 1),
                                  (self._usage, -1)))

    def admits(self, amounts: Mapping[str, int]) -> bool:
        limits = self._unit_limits
        if not limits:
            return True
        return all(amount <= limits.get(rc, amount)
                   for rc, amount in amounts.items())


class PoolCalendar(_Calendar):
    """A set of hosts seen as one: their free capacity summed, plus pool
    adjustments, minus pool-level claims that are not bound to a host."""

    def __init__(self, name: str, hosts: Iterable[HostCalendar],
                 usage: Timeline | None = None,
                 adjustments: Timeline | None = None):
        super().__init__(name, usage, adjustments)
        self.hosts = tuple(hosts)

    def _state_key(self):
        # Hosts may be claimed on directly, so their changes must also
        # invalidate the pool's cached sum.
        return (self._version, tuple(h._state_key() for h in self.hosts))

    def _compute_free(self) -> Timeline:
        parts = [(host.free(), 1) for host in self.hosts]
        parts.append((self._adjustments, 1))
        parts.append((self._usage, -1))
        return Timeline._combine(parts)
