"""The ``openstack reservation`` commands: the OpenStackClient plugin."""
import logging

from keystoneauth1 import adapter
from osc_lib import utils

from promise.osc import client as promise_client

LOG = logging.getLogger(__name__)

DEFAULT_API_VERSION = '1'
API_VERSION_OPTION = 'os_reservation_api_version'
API_NAME = 'reservation'
API_VERSIONS = {'1': 'promise.osc.client.Client'}


def make_client(instance):
    """The reservation client of an OSC ClientManager."""
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
    return promise_client.Client(adapter.Adapter(
        session=instance.session, service_type=API_NAME,
        region_name=instance.region_name, interface=interface,
        endpoint_override=endpoint))


def build_option_parser(parser):
    parser.add_argument(
        '--os-reservation-api-version',
        metavar='<reservation-api-version>',
        default=utils.env('OS_RESERVATION_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help='Reservation API version, default=%s '
             '(Env: OS_RESERVATION_API_VERSION)' % DEFAULT_API_VERSION)
    return parser
