"""The ``openstack reservation`` commands: the OpenStackClient plugin.

python-blazarclient serves the same ``reservation`` API name. Both may be
installed in one environment: OSC then keeps one ``make_client`` and one
implementation per command name, whichever loads last. Promise's commands
therefore make their own client (:func:`promise_client`), and the client
OSC hands out is the other plugin's, so that its commands get the client
they were written for. Both talk to the same API.
"""
import functools
import importlib
from importlib import metadata
import logging

from keystoneauth1 import adapter
from osc_lib import utils

from promise.osc import client as api_client

LOG = logging.getLogger(__name__)

DEFAULT_API_VERSION = '1'
API_VERSION_OPTION = 'os_reservation_api_version'
API_NAME = 'reservation'
API_VERSIONS = {'1': 'promise.osc.client.Client'}


@functools.lru_cache(maxsize=None)
def _other_plugins():
    """Modules of the other installed plugins serving ``reservation``."""
    return tuple(ep.module for ep in metadata.entry_points(
        group='openstack.cli.extension')
        if ep.name == API_NAME and ep.module != __name__)


def _other_make_client():
    for module_name in _other_plugins():
        try:
            module = importlib.import_module(module_name)
        except Exception:  # OSC has skipped it too, with a warning
            continue
        if callable(getattr(module, 'make_client', None)):
            return module.make_client
    return None


def make_client(instance):
    """The client OSC hands out as ``client_manager.reservation``."""
    other = _other_make_client()
    if other is not None:
        return other(instance)
    return promise_client(instance)


def promise_client(instance):
    """Promise's client of an OSC ClientManager, made once."""
    client = getattr(instance, '_promise_client', None)
    if client is None:
        client = instance._promise_client = _make_promise_client(instance)
    return client


def _make_promise_client(instance):
    version = instance._api_version[API_NAME]
    if str(version) not in API_VERSIONS:
        raise ValueError('reservation API version %s is not supported; '
                         'use one of %s' % (version, ', '.join(API_VERSIONS)))
    interface = instance.interface or 'public'
    # --os-endpoint (auth type none) and --os-reservation-endpoint-override
    # both come back from here; otherwise the catalog answers.
    endpoint = instance.get_endpoint_for_service_type(
        API_NAME, region_name=instance.region_name, interface=interface)
    LOG.debug('reservation endpoint: %s', endpoint)
    return api_client.Client(adapter.Adapter(
        session=instance.session, service_type=API_NAME,
        region_name=instance.region_name, interface=interface,
        endpoint_override=endpoint))


def build_option_parser(parser):
    if _other_plugins():
        # The other plugin adds the same option; a second one would make
        # argparse refuse to build the parser, and every command fail.
        return parser
    parser.add_argument(
        '--os-reservation-api-version',
        metavar='<reservation-api-version>',
        default=utils.env('OS_RESERVATION_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help='Reservation API version, default=%s '
             '(Env: OS_RESERVATION_API_VERSION)' % DEFAULT_API_VERSION)
    return parser
