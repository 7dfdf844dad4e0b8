"""Shared helpers of the v1 commands."""
import json
import logging

from cliff import columns
from osc_lib import exceptions
from osc_lib.cli import format_columns

from promise.osc import plugin

LOG = logging.getLogger(__name__)


def formatted(value):
    # Nested values stay JSON for -f json and become readable in tables.
    if isinstance(value, dict):
        return format_columns.DictColumn(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return format_columns.ListDictColumn(value)
        return format_columns.ListColumn(value)
    return value


class JSONColumn(columns.FormattableColumn):
    """A nested value of one record: indented JSON in a table, as Blazar's
    client shows reservations and events, and the value itself for
    -f json and -f yaml."""

    def human_readable(self):
        return json.dumps(self._value, indent=4, sort_keys=True)

    def machine_readable(self):
        return self._value


def _shown(value):
    if isinstance(value, dict) or (
            isinstance(value, list) and value and
            all(isinstance(v, dict) for v in value)):
        return JSONColumn(value)
    return formatted(value)


def show(body, hidden=()):
    names = sorted(k for k in body if k not in hidden)
    return names, [_shown(body[k]) for k in names]


def client(command):
    return plugin.promise_client(command.app.client_manager)


def delete_each(command, path, refs, what, settle=None):
    """DELETE each of ``refs``; with several, go on after a failure and
    report them all at the end. ``settle`` is given the answers of the
    deletions that were accepted, before failures are reported."""
    failures = []
    answers = []
    for ref in refs:
        try:
            answers.append(client(command).delete(path % ref))
        except exceptions.CommandError as exc:
            if len(refs) == 1:
                raise
            LOG.error('%s', exc)
            failures.append(ref)
    if settle is not None:
        settle([answer for answer in answers if answer])
    if failures:
        raise exceptions.CommandError('%d of %d %s not deleted: %s' % (
            len(failures), len(refs), what, ', '.join(failures)))
