"""Blazar's property filter syntax, evaluated against a host.

A filter is a JSON list (or its JSON text): ``["op", "$name", "value"]``
with op in =, ==, !=, <, <=, >, >=, in (value list), or boolean
``["and", f1, f2, ...]``, ``["or", ...]``, ``["not", f]``. ``$name`` names
a host field (vcpus, memory_mb, ...) or an extra capability. Values are
compared as numbers when both sides are numeric, else as strings.
"""
import json
import operator

from promise import exceptions

_COMPARE = {'=': operator.eq, '==': operator.eq, '!=': operator.ne,
            '<': operator.lt, '<=': operator.le, '>': operator.gt,
            '>=': operator.ge}
_BOOLEAN = ('and', 'or', 'not')


def parse(text, field):
    """The filter as a list, or None when empty; 400 when malformed."""
    if text in (None, '', [], '[]'):
        return None
    if isinstance(text, str):
        try:
            expr = json.loads(text)
        except ValueError as exc:
            raise exceptions.ValidationError(
                reason='%s is not valid JSON: %s' % (field, exc))
    else:
        expr = text
    _check(expr, field)
    return expr or None


def _check(expr, field):
    if not isinstance(expr, list) or not expr:
        raise exceptions.ValidationError(
            reason='%s must be a list such as [">=", "$vcpus", "4"]' % field)
    op = expr[0]
    if op in _BOOLEAN:
        if op == 'not' and len(expr) != 2:
            raise exceptions.ValidationError(
                reason='%s: "not" takes one filter' % field)
        for sub in expr[1:]:
            _check(sub, field)
        return
    if op not in _COMPARE and op != 'in':
        raise exceptions.ValidationError(
            reason='%s: unknown operator %r' % (field, op))
    if len(expr) < 3 or not isinstance(expr[1], str) or \
            not expr[1].startswith('$'):
        raise exceptions.ValidationError(
            reason='%s: expected [op, "$name", value], got %s' %
            (field, json.dumps(expr)))


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except (TypeError, ValueError):
        return None


def _compare(op, left, right):
    ln, rn = _number(left), _number(right)
    if ln is not None and rn is not None:
        return op(ln, rn)
    return op(str(left), str(right))


def matches(expr, properties):
    """Whether a host with these properties passes the filter."""
    if expr is None:
        return True
    op = expr[0]
    if op == 'and':
        return all(matches(sub, properties) for sub in expr[1:])
    if op == 'or':
        return any(matches(sub, properties) for sub in expr[1:])
    if op == 'not':
        return not matches(expr[1], properties)
    name = expr[1][1:]
    if name not in properties:
        return False
    value = properties[name]
    if op == 'in':
        choices = expr[2] if isinstance(expr[2], list) else expr[2:]
        return any(_compare(operator.eq, value, c) for c in choices)
    return _compare(_COMPARE[op], value, expr[2])
