"""Promise: capacity reservation for OpenStack."""
import sys


def _select_service_backend():
    # oslo.messaging imports oslo.service, which picks the eventlet backend
    # unless told otherwise. Promise's own processes run on native threads.
    # Inside another service (nova-scheduler loading our filter) the host
    # process decides, so nothing is chosen there.
    if 'nova' in sys.modules:
        return
    from oslo_service import backend
    if backend.get_backend_type() is None:
        backend.init_backend(backend.BackendType.THREADING)


_select_service_backend()
