"""How much of one resource class a provider offers."""

import dataclasses

from promise.engine.exceptions import InvalidAmounts


@dataclasses.dataclass(frozen=True)
class Inventory:
    """One resource class of a provider, in OpenStack Placement terms.

    ``max_unit`` of None means a single claim may take the whole capacity.
    """

    total: int
    reserved: int = 0
    allocation_ratio: float = 1.0
    min_unit: int = 1
    max_unit: int | None = None
    step_size: int = 1

    def __post_init__(self):
        if self.total < 0 or self.reserved < 0:
            raise InvalidAmounts("total and reserved must not be negative")
        if self.reserved > self.total:
            raise InvalidAmounts("reserved must not exceed total")
        if not self.allocation_ratio > 0:
            raise InvalidAmounts("allocation_ratio must be positive")
        if self.min_unit < 1 or self.step_size < 1:
            raise InvalidAmounts("min_unit and step_size must be at least 1")
        if self.max_unit is not None and self.max_unit < self.min_unit:
            raise InvalidAmounts("max_unit must not be below min_unit")

    @property
    def capacity(self) -> int:
        # Same rounding as Placement so both services agree on what fits.
        return int((self.total - self.reserved) * self.allocation_ratio)

    def allows_single(self, amount: int) -> bool:
        """Whether one claim of ``amount`` respects ``max_unit``."""
        return self.max_unit is None or amount <= self.max_unit
