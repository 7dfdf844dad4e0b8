"""Fixed-point numbers for a solver that knows only integers.

clingo computes on 32-bit signed integers.  Every number of a policy or a
table is multiplied by :data:`SCALE` (1000) and rounded half up, so
values keep three decimal places: a utilization of 62.5 becomes 62500,
the threshold 50 becomes 50000, and comparisons between such values are
exact.  A table value with more decimals is rounded (49.9996 reads as
50.000); a policy literal with more decimals is refused.  Scaled values
must fit in 32 bits, i.e. lie within +/-2,147,483.647.

``plus`` and ``minus`` are exact.  ``mul`` and ``div`` are computed in
Python on the exact scaled values and rounded half up to three decimals;
a division by zero gives no result (the literal is false).
"""

from decimal import Decimal
from fractions import Fraction
import math
import numbers

from promise.placement import errors

SCALE = 1000
LIMIT = 2**31 - 1


def exact(value):
    """``value`` as a Fraction; floats read as their shortest decimal."""
    if isinstance(value, bool) or not isinstance(
            value, (numbers.Rational, float, Decimal)):
        raise errors.EvaluationError(f"{value!r} is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise errors.EvaluationError(f"{value!r} is not a number")
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(fraction):
    return math.floor(fraction + Fraction(1, 2))


def scale(value):
    """The scaled integer clingo sees for ``value``."""
    scaled = round_half_up(exact(value) * SCALE)
    if abs(scaled) > LIMIT:
        raise errors.EvaluationError(
            f"number {value} is out of range: policies handle numbers "
            f"within +/-{LIMIT / SCALE:,.3f}")
    return scaled


def unscale(scaled):
    """The number for a scaled integer: an int when whole, else float."""
    if scaled % SCALE == 0:
        return scaled // SCALE
    return float(Fraction(scaled, SCALE))


def scaled_literal(fraction):
    """A policy literal, refused if three decimals cannot hold it."""
    scaled = fraction * SCALE
    if scaled.denominator != 1:
        return None
    scaled = int(scaled)
    return scaled if abs(scaled) <= LIMIT else None


def mul(a, b):
    return round_half_up(Fraction(a * b, SCALE))


def div(a, b):
    if b == 0:
        return None
    return round_half_up(Fraction(a * SCALE, b))


def threshold_units(operator, literal):
    """Bounds on the exact value ``x`` equivalent to a rounded test.

    A table value ``x`` is stored as ``r = round_half_up(x * SCALE)``;
    ``r < K`` holds exactly when ``x * SCALE < K - 1/2`` (and alike for
    the other comparisons).  Returns ``(kind, bound)`` with kind ``"lt"``
    (``x < bound``) or ``"ge"`` (``x >= bound``) and ``bound`` exact,
    which lets a solver on exact loads agree with clingo on the table.
    """
    k = scale(literal)
    half = Fraction(1, 2)
    if operator == "lt":
        return "lt", (k - half) / SCALE
    if operator == "lteq":
        return "lt", (k + half) / SCALE
    if operator == "gt":
        return "ge", (k + half) / SCALE
    if operator == "gteq":
        return "ge", (k - half) / SCALE
    raise ValueError(operator)
