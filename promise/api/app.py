"""The API WSGI application and its middleware pipeline.

From the outside in: request id, proxy headers, CORS, Blazar-style errors,
body size limit, authentication (Keystone or noauth), then pecan.
"""
from keystonemiddleware import auth_token
from oslo_log import log as logging
from oslo_middleware import cors
from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id
from oslo_middleware import sizelimit
import pecan

from promise.api import hooks
from promise.api.controllers import root
from promise.api.middleware import discovery
from promise.api.middleware import fault
from promise.api.middleware import noauth
from promise.conf import CONF

LOG = logging.getLogger(__name__)


def setup_app(conf=CONF):
    app = pecan.make_app(
        root.RootController(),
        hooks=[hooks.ContextHook(), hooks.MicroversionHook(),
               hooks.ManagerHook(), hooks.SingleQueryHook(),
               hooks.EmptyBodyHook()],
        force_canonical=False,
        guess_content_type_from_ext=False,
        debug=False,
    )
    if conf.auth_strategy == 'keystone':
        app = discovery.PublicVersions(
            auth_token.AuthProtocol(app, {'oslo_config_project': 'promise',
                                          'oslo_config_config': conf}),
            app)
    else:
        app = noauth.NoAuthMiddleware(app)
    app = sizelimit.RequestBodySizeLimiter(app, conf)
    app = fault.FaultWrapper(app)
    app = cors.CORS(app, conf)
    app = http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)
    app = request_id.RequestId(app)
    return app


