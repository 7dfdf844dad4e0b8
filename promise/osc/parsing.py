"""Parsing of ``key=value,...`` options, as Blazar's client takes them."""
import argparse

# Values that are filter expressions or names: never turned into numbers.
STRING_KEYS = frozenset({
    'resource_type', 'pool', 'hypervisor_properties', 'resource_properties',
    'id', 'strategy', 'zone', 'host', 'name', 'flavor_id'})

_CLOSING = {'[': ']', '{': '}', '(': ')'}

RESOURCE_TYPES = ('physical:host', 'virtual:instance', 'capacity')


def split_pairs(text):
    """``a=1,b=["and", [...]]`` into ``[('a', '1'), ('b', '[...]')]``.

    Commas inside brackets or quotes belong to the value, so filter
    expressions such as ``["=", "$vcpus", "8"]`` need no escaping.
    """
    pairs = []
    current = []
    stack = []
    quote = None
    for char in text:
        if quote:
            if char == quote:
                quote = None
        elif char in '"\'':
            quote = char
        elif char in _CLOSING:
            stack.append(_CLOSING[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif char == ',' and not stack:
            pairs.append(''.join(current))
            current = []
            continue
        current.append(char)
    if quote or stack:
        raise argparse.ArgumentTypeError(
            'unbalanced quotes or brackets in %r' % text)
    pairs.append(''.join(current))
    result = []
    for pair in pairs:
        if not pair.strip():
            continue
        key, sep, value = pair.partition('=')
        key = key.strip()
        if not sep or not key:
            raise argparse.ArgumentTypeError(
                '%r is not key=value (in %r)' % (pair, text))
        result.append((key, value.strip()))
    return result


def convert(key, value):
    if key in STRING_KEYS:
        return value
    lowered = value.lower()
    if lowered in ('true', 'false'):
        return lowered == 'true'
    if lowered in ('none', 'null'):
        return None
    try:
        return int(value)
    except ValueError:
        return value


def key_values(text):
    """A dict of typed values, for argparse ``type=``."""
    result = {}
    for key, value in split_pairs(text):
        if key in result:
            raise argparse.ArgumentTypeError(
                '%s is given twice in %r' % (key, text))
        result[key] = convert(key, value)
    return result


def reservation(text):
    """A ``--reservation`` of lease create: resource_type is needed."""
    values = key_values(text)
    if 'resource_type' not in values:
        raise argparse.ArgumentTypeError(
            'a reservation needs resource_type=<%s> (in %r)' % (
                '|'.join(RESOURCE_TYPES), text))
    return values


def physical_reservation(text):
    """Blazar's ``--physical-reservation min=..,max=..`` shortcut."""
    values = key_values(text)
    for key in ('min', 'max'):
        if key not in values:
            raise argparse.ArgumentTypeError(
                'a physical reservation needs min and max (in %r)' % text)
    values['resource_type'] = 'physical:host'
    return values


def reservation_update(text):
    """A ``--reservation`` of lease set: the reservation's id is needed."""
    values = key_values(text)
    if 'id' not in values:
        raise argparse.ArgumentTypeError(
            'a reservation change needs id=<reservation id> (in %r)' % text)
    return values


def class_amount(text):
    """``VCPU=-8`` for --amount: a resource class and an integer."""
    name, sep, value = text.partition('=')
    name = name.strip()
    try:
        number = int(value)
    except ValueError:
        number = None
    if not sep or not name or number is None:
        raise argparse.ArgumentTypeError(
            '%r is not CLASS=<integer>' % text)
    return name, number
