"""Turn every error into Blazar's JSON error body; never leak a traceback.

It sits outside the authentication and size-limit middleware so that their
errors (401, 413) are reformatted too.
"""
from oslo_db import exception as db_exc
from oslo_log import log as logging
import webob
import webob.dec

from promise import exceptions
from promise.api import errors

LOG = logging.getLogger(__name__)


class FaultWrapper:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            resp = req.get_response(self.application)
        except exceptions.PromiseException as exc:
            return errors.error_response(
                exc.code, exc.message,
                exc.error_name.replace('_Remote', ''), exc.extra())
        except db_exc.DBConnectionError:
            LOG.warning('Database unreachable while serving %s %s',
                        req.method, req.path)
            return errors.error_response(
                503, 'The database is unreachable; try again later.',
                'ServiceUnavailable')
        except Exception:
            LOG.exception('Unexpected error serving %s %s', req.method,
                          req.path)
            return errors.error_response(
                500, 'Internal Server Error', 'InternalServerError')
        if resp.status_int >= 400 and not errors.is_formatted(resp):
            fixed = errors.error_response(resp.status_int,
                                          errors.message_of(req, resp))
            for header in ('WWW-Authenticate', 'Allow', 'Retry-After'):
                if header in resp.headers:
                    fixed.headers[header] = resp.headers[header]
            return fixed
        return resp
