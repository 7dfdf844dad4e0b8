"""``OpenStack-API-Version: reservation 1.N`` microversions.

History:
    1.0 - Blazar's v1 API.
"""
import microversion_parse

from promise import exceptions

SERVICE_TYPE = 'reservation'
MIN_VERSION = microversion_parse.Version(1, 0)
MAX_VERSION = microversion_parse.Version(1, 0)
HEADER = 'OpenStack-API-Version'


def parse(headers):
    """The version a request asks for; the minimum when it asks none."""
    text = microversion_parse.get_version(headers,
                                          service_type=SERVICE_TYPE)
    if text is None:
        return MIN_VERSION
    if text.strip().lower() == 'latest':
        return MAX_VERSION
    try:
        version = microversion_parse.parse_version_string(text)
    except (TypeError, ValueError):
        raise exceptions.BadRequest(
            reason='invalid %s header %r' % (HEADER, text))
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise exceptions.InvalidMicroversion(
            version=text, min=str(MIN_VERSION), max=str(MAX_VERSION))
    return version


def header_value(version):
    return '%s %s' % (SERVICE_TYPE, version)
