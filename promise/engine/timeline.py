"""Piecewise-constant amounts of several resource classes over time."""

from bisect import bisect_left
from bisect import bisect_right
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
import math

from promise.engine.exceptions import FrozenTimelineError
from promise.engine.exceptions import InvalidWindow


def check_window(start, end) -> None:
    """Reject windows that cannot hold a single instant."""
    if start != start or end != end:
        raise InvalidWindow("window bounds must not be NaN")
    if not start < end:
        raise InvalidWindow(
            f"window start {start!r} must be before end {end!r}")


class Timeline:
    """Values per resource class as a step function of time.

    ``_times`` holds the sorted breakpoints; ``_series[c][i]`` is the value
    of class ``c`` on ``[_times[i], _times[i + 1])`` (the last one runs to
    infinity) and ``_base[c]`` the value before the first breakpoint.  One
    list per class lets window queries use ``min``/``max`` on slices, which
    run in C.  The form is kept canonical: no breakpoint repeats the values
    in force just before it, so equal functions have equal breakpoints.
    A class the timeline has never seen is worth 0 everywhere.
    """

    __slots__ = ("_base", "_frozen", "_series", "_times")

    def __init__(self, base: Mapping[str, int] | None = None):
        self._base = dict(base or {})
        self._times = []
        self._series = {rc: [] for rc in self._base}
        self._frozen = False

    # -- introspection -------------------------------------------------
    @property
    def classes(self) -> frozenset:
        return frozenset(self._series)

    @property
    def base(self) -> dict:
        return dict(self._base)

    @property
    def breakpoints(self) -> tuple:
        return tuple(self._times)

    @property
    def frozen(self) -> bool:
        return self._frozen

    def __len__(self) -> int:
        return len(self._times)

    def freeze(self) -> "Timeline":
        """Forbid further changes; shared cached timelines rely on this."""
        self._frozen = True
        return self

    def copy(self) -> "Timeline":
        """Return an independent, mutable copy."""
        clone = Timeline.__new__(Timeline)
        clone._base = dict(self._base)
        clone._times = list(self._times)
        clone._series = {rc: list(s) for rc, s in self._series.items()}
        clone._frozen = False
        return clone

    # -- mutation ------------------------------------------------------
    def add(self, start, end, amounts: Mapping[str, int]) -> None:
        """Add ``amounts`` on ``[start, end)``; negative amounts subtract."""
        check_window(start, end)
        if self._frozen:
            raise FrozenTimelineError("this timeline is shared and read-only")
        for rc in amounts:
            self._ensure_class(rc)
        if not any(amounts.values()):
            return
        lo = 0 if start == -math.inf else self._split(start)
        hi = len(self._times) if end == math.inf else self._split(end)
        if start == -math.inf:
            # Only after splitting, which copies the old base into the
            # segment that starts at ``end``.
            for rc, amount in amounts.items():
                self._base[rc] += amount
        for rc, amount in amounts.items():
            if amount:
                series = self._series[rc]
                series[lo:hi] = [v + amount for v in series[lo:hi]]
        # Only the two edges can have become redundant: inside the window
        # every segment moved by the same amount.
        if end != math.inf:
            self._drop_if_redundant(hi)
        if start != -math.inf:
            self._drop_if_redundant(lo)

    def _ensure_class(self, rc: str) -> None:
        if rc not in self._series:
            self._base[rc] = 0
            self._series[rc] = [0] * len(self._times)

    def _split(self, t) -> int:
        """Make ``t`` a breakpoint and return its index."""
        times = self._times
        i = bisect_left(times, t)
        if i < len(times) and times[i] == t:
            return i
        times.insert(i, t)
        for rc, series in self._series.items():
            series.insert(i, series[i - 1] if i else self._base[rc])
        return i

    def _drop_if_redundant(self, i: int) -> None:
        if i >= len(self._times):
            return
        for rc, series in self._series.items():
            before = series[i - 1] if i else self._base[rc]
            if series[i] != before:
                return
        del self._times[i]
        for series in self._series.values():
            del series[i]

    # -- point and window queries --------------------------------------
    def _index_at(self, t) -> int:
        """Index of the segment holding ``t``; -1 means the base."""
        return bisect_right(self._times, t) - 1

    def _row(self, i: int, classes: Iterable[str] | None = None) -> dict:
        if classes is None:
            classes = self._series
        out = {}
        for rc in classes:
            series = self._series.get(rc)
            if series is None:
                out[rc] = 0
            else:
                out[rc] = series[i] if i >= 0 else self._base[rc]
        return out

    def value_at(self, t, classes: Iterable[str] | None = None) -> dict:
        """Values in force at instant ``t``."""
        return self._row(self._index_at(t), classes)

    def _span(self, start, end) -> tuple:
        """Segments meeting ``[start, end)`` as (lo, hi, includes_base)."""
        check_window(start, end)
        lo = bisect_right(self._times, start) - 1
        hi = bisect_left(self._times, end)
        if lo < 0:
            return 0, hi, True
        return lo, hi, False

    def _reduce(self, start, end, classes, pick) -> list:
        lo, hi, with_base = self._span(start, end)
        get = self._series.get
        out = []
        if not with_base and hi - lo == 1:
            # The common case of a window inside one step: no slicing.
            for rc in classes:
                series = get(rc)
                out.append(0 if series is None else series[lo])
            return out
        for rc in classes:
            series = get(rc)
            if series is None:
                out.append(0)
            elif with_base:
                head = self._base[rc]
                out.append(pick(head, pick(series[:hi])) if hi else head)
            else:
                out.append(pick(series[lo:hi]))
        return out

    def min_over(self, start, end,
                 classes: Iterable[str] | None = None) -> dict:
        """Smallest value of each class on ``[start, end)``."""
        classes = list(self._series if classes is None else classes)
        return dict(zip(classes, self._reduce(start, end, classes, min)))

    def max_over(self, start, end,
                 classes: Iterable[str] | None = None) -> dict:
        """Largest value of each class on ``[start, end)``."""
        classes = list(self._series if classes is None else classes)
        return dict(zip(classes, self._reduce(start, end, classes, max)))

    def min_values(self, start, end, classes: Sequence[str]) -> list:
        """``min_over`` as a list in the order of ``classes``; saves
        building a dict when scanning many hosts."""
        return self._reduce(start, end, classes, min)

    def steps(self, start, end) -> list:
        """``(time, values)`` at ``start`` and at each change inside the
        window."""
        lo, hi, with_base = self._span(start, end)
        first = -1 if with_base else lo
        out = [(start, self._row(first))]
        for i in range(first + 1, hi):
            out.append((self._times[i], self._row(i)))
        return out

    # -- searches used by the window finders ----------------------------
    def _meets(self, i: int, needs: Mapping[str, int]) -> bool:
        for rc, need in needs.items():
            series = self._series.get(rc)
            if series is None:
                value = 0
            else:
                value = series[i] if i >= 0 else self._base[rc]
            if value < need:
                return False
        return True

    def _spans(self, start, is_bad) -> Iterator[tuple]:
        """Maximal stretches ``(a, b)``, ``a >= start``, of the segments
        for which ``is_bad(index)`` holds; ``b`` may be infinite."""
        times = self._times
        first = self._index_at(start)
        began = None
        for i in range(first, len(times)):
            if is_bad(i):
                if began is None:
                    began = start if i == first else times[i]
            elif began is not None:
                yield began, times[i]
                began = None
        if began is not None:
            yield began, math.inf

    def shortfalls(self, start, needs: Mapping[str, int]) -> Iterator[tuple]:
        """Stretches from ``start`` on where some class is below its need.
        Lazy, so a caller may stop at the first one."""
        return self._spans(start, lambda i: not self._meets(i, needs))

    def nonzero_spans(self, start) -> Iterator[tuple]:
        """Stretches from ``start`` on where some class is not zero."""
        return self._spans(start, lambda i: any(
            (s[i] if i >= 0 else self._base[rc])
            for rc, s in self._series.items()))

    def rises_after(self, after, classes: Iterable[str]) -> Iterator:
        """Breakpoints later than ``after`` where one of ``classes`` grows."""
        wanted = set(classes)
        watched = [(self._base[rc], s) for rc, s in self._series.items()
                   if rc in wanted]
        for i in range(bisect_right(self._times, after), len(self._times)):
            for base, series in watched:
                if series[i] > (series[i - 1] if i else base):
                    yield self._times[i]
                    break

    # -- arithmetic ----------------------------------------------------
    @classmethod
    def _combine(cls, signed: Iterable[tuple]) -> "Timeline":
        """Pointwise sum of ``sign * timeline`` pairs.

        Works on the changes at each breakpoint instead of resampling every
        input on the merged grid, so summing many sparse timelines costs
        their total size rather than inputs times merged size.
        """
        base = {}
        changes = {}
        for timeline, sign in signed:
            for rc, series in timeline._series.items():
                previous = timeline._base[rc]
                base[rc] = base.get(rc, 0) + sign * previous
                for t, value in zip(timeline._times, series):
                    if value != previous:
                        at = changes.setdefault(t, {})
                        at[rc] = at.get(rc, 0) + sign * (value - previous)
                        previous = value
        result = cls(base)
        running = dict(base)
        series = result._series
        for t in sorted(changes):
            moved = False
            for rc, delta in changes[t].items():
                if delta:
                    running[rc] += delta
                    moved = True
            if not moved:
                continue
            result._times.append(t)
            for rc, value in running.items():
                series[rc].append(value)
        return result

    @classmethod
    def sum(cls, timelines: Iterable["Timeline"]) -> "Timeline":
        return cls._combine((tl, 1) for tl in timelines)

    def minus(self, other: "Timeline") -> "Timeline":
        return Timeline._combine(((self, 1), (other, -1)))

    def __sub__(self, other: "Timeline") -> "Timeline":
        if not isinstance(other, Timeline):
            return NotImplemented
        return self.minus(other)

    def __add__(self, other: "Timeline") -> "Timeline":
        if not isinstance(other, Timeline):
            return NotImplemented
        return Timeline._combine(((self, 1), (other, 1)))

    def __neg__(self) -> "Timeline":
        return Timeline._combine(((self, -1),))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        if self._times != other._times:
            return False
        zeros = [0] * len(self._times)
        for rc in self.classes | other.classes:
            if (self._base.get(rc, 0) != other._base.get(rc, 0)
                    or self._series.get(rc, zeros)
                    != other._series.get(rc, zeros)):
                return False
        return True

    __hash__ = None

    def __repr__(self) -> str:
        steps = [(t, self._row(i)) for i, t in enumerate(self._times)]
        return f"Timeline(base={self._base!r}, steps={steps!r})"
