"""Request bodies: JSON only, validated with jsonschema."""
import jsonschema
from jsonschema import validators
from oslo_serialization import jsonutils
import webob.exc

from promise import exceptions

_Validator = validators.validator_for({'$schema': 'https://json-schema.org/'
                                                  'draft/2020-12/schema'})


def load(request):
    """The JSON object in the request body, or a clear 4xx."""
    content_type = (request.content_type or 'application/json').lower()
    if content_type not in ('application/json', 'text/json'):
        raise exceptions.UnsupportedMediaType(content_type=content_type)
    try:
        raw = request.body
    except webob.exc.HTTPRequestEntityTooLarge as exc:
        raise exceptions.RequestTooLarge(limit=str(exc))
    if not raw:
        raise exceptions.MalformedRequestBody(reason='the body is empty')
    try:
        data = jsonutils.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.MalformedRequestBody(reason=str(exc))
    if not isinstance(data, dict):
        raise exceptions.MalformedRequestBody(
            reason='the body must be a JSON object')
    return data


def validate(data, schema):
    """Raise ValidationError naming the first offending field."""
    validator = _Validator(schema,
                           format_checker=_Validator.FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = '/'.join(str(p) for p in error.absolute_path)
        reason = error.message if not where else '%s: %s' % (where,
                                                             error.message)
        raise exceptions.ValidationError(reason=reason)
    return data
