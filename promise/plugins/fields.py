"""Small validators shared by the plugins."""
from promise import exceptions


def integer(values, name, minimum=0, default=None, required=False):
    value = values.get(name, default)
    if value is None:
        if required:
            raise exceptions.ValidationError(reason='%s is required' % name)
        return None
    if isinstance(value, bool):
        raise exceptions.ValidationError(reason='%s must be an integer' %
                                         name)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise exceptions.ValidationError(
            reason='%s must be an integer, not %r' % (name, value))
    if number < minimum:
        raise exceptions.ValidationError(
            reason='%s must be at least %d' % (name, minimum))
    return number


def tristate(values, name):
    """Blazar's affinity: true, false or null, also as strings."""
    value = values.get(name)
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    mapping = {'true': True, 'false': False, 'none': None, 'null': None,
               '': None}
    if text not in mapping:
        raise exceptions.ValidationError(
            reason='%s must be true, false or null, not %r' % (name, value))
    return mapping[text]
