"""Exceptions that reach users, each with the HTTP status it maps to.

The API turns any ``PromiseException`` into Blazar's error body
``{"error_code": N, "error_message": "...", "error_name": "..."}``; the
manager raises them too and oslo.messaging carries them back by name
(see ``promise.rpc.ALLOWED_EXMODS``).
"""
from promise.i18n import _


class PromiseException(Exception):
    code = 500
    msg_fmt = _('An unknown error occurred.')

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = str(message)
        super().__init__(self.message)

    @property
    def error_name(self):
        return self.__class__.__name__

    def extra(self):
        """Machine-readable fields added to the error body."""
        return {}


class BadRequest(PromiseException):
    code = 400
    msg_fmt = _('Bad request: %(reason)s')


class MalformedRequestBody(BadRequest):
    msg_fmt = _('Malformed request body: %(reason)s')


class ValidationError(BadRequest):
    msg_fmt = _('Invalid input: %(reason)s')


class InvalidDate(BadRequest):
    msg_fmt = _('Invalid date %(date)s: %(reason)s')


class NotAuthorized(PromiseException):
    code = 401
    msg_fmt = _('Authentication required.')


class PolicyNotAuthorized(PromiseException):
    code = 403
    msg_fmt = _('Policy does not allow %(action)s to be performed.')


class Forbidden(PromiseException):
    code = 403
    msg_fmt = _('Forbidden: %(reason)s')


class NotFound(PromiseException):
    code = 404
    msg_fmt = _('%(object)s %(id)s could not be found.')


class MethodNotAllowed(PromiseException):
    code = 405
    msg_fmt = _('Method %(method)s is not allowed on %(path)s.')


class NotAcceptable(PromiseException):
    code = 406
    msg_fmt = _('%(reason)s')


class Conflict(PromiseException):
    code = 409
    msg_fmt = _('Conflict: %(reason)s')


class RequestTooLarge(PromiseException):
    code = 413
    msg_fmt = _('Request body is larger than the limit of %(limit)s bytes.')


class UnsupportedMediaType(PromiseException):
    code = 415
    msg_fmt = _('Content type %(content_type)s is not supported; send '
                'application/json.')


class ServiceUnavailable(PromiseException):
    code = 503
    msg_fmt = _('%(reason)s')


class ManagerUnavailable(ServiceUnavailable):
    msg_fmt = _('The Promise manager did not answer in time (%(reason)s). '
                'Try again later.')


class InvalidMicroversion(PromiseException):
    code = 406
    msg_fmt = _('Version %(version)s is not supported by the API. Minimum '
                'is %(min)s and maximum is %(max)s.')


class CannotBeMet(Conflict):
    """409 with what could be had instead (seed: reservation step 1b).

    ``max_reservable`` and ``next_window`` are keyword arguments so that
    they survive the trip from the manager to the API.
    """
    msg_fmt = _('Not enough capacity for the lease between %(start)s and '
                '%(end)s.')

    def extra(self):
        return {'max_reservable': self.kwargs.get('max_reservable', []),
                'next_window': self.kwargs.get('next_window')}


class InvalidTransition(Conflict):
    msg_fmt = _('Lease %(lease)s cannot go from %(current)s to %(target)s.')


class TooMuchContention(Conflict):
    msg_fmt = _('Too many concurrent changes to the same hosts; the request '
                'was not applied. Retry it.')


class LimitExceeded(Forbidden):
    msg_fmt = '%(reason)s'


class ProjectQuotaExceeded(Conflict):
    msg_fmt = '%(reason)s'


class AdjustmentConflict(Conflict):
    """409 listing the reservations a capacity change would break."""

    def extra(self):
        return {'reservations': self.kwargs.get('reservations', [])}


class InvalidPolicy(BadRequest):
    msg_fmt = _('Invalid policy: %(reason)s')

    def extra(self):
        out = {}
        for key in ('rule_index', 'line', 'column', 'rule', 'variable'):
            if self.kwargs.get(key) is not None:
                out[key] = self.kwargs[key]
        return out


class PlanStateConflict(Conflict):
    msg_fmt = _('Action plan %(plan_id)s is %(state)s: %(reason)s')
class InstanceRejected(Conflict):
    """409 for a create-instance request Promise refuses (seed: allocation
    step 2), with a machine-readable ``reason_code``."""
    msg_fmt = _('The instance was rejected: %(reason)s')

    def extra(self):
        return {'reason_code': self.kwargs.get('reason_code'),
                'reservation_id': self.kwargs.get('reservation_id'),
                'flavor': self.kwargs.get('flavor')}
