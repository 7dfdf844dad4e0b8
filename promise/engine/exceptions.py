"""Errors raised by the capacity engine."""


class EngineError(Exception):
    """Base class for every error the engine raises on purpose."""


class InvalidWindow(EngineError, ValueError):
    """A time window is empty, reversed or not a number."""


class InvalidAmounts(EngineError, ValueError):
    """A request carries amounts the engine cannot reason about."""


class FrozenTimelineError(EngineError, TypeError):
    """A shared, cached timeline was about to be modified in place."""
