"""Shared helpers of the v1 commands."""
from osc_lib.cli import format_columns


def formatted(value):
    # Nested values stay JSON for -f json and become readable in tables.
    if isinstance(value, dict):
        return format_columns.DictColumn(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return format_columns.ListDictColumn(value)
        return format_columns.ListColumn(value)
    return value


def show(body, hidden=()):
    names = sorted(k for k in body if k not in hidden)
    return names, [formatted(body[k]) for k in names]


def client(command):
    return command.app.client_manager.reservation
