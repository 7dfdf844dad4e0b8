"""Promise: capacity reservation for OpenStack."""
import sys


def _prefer_threading_backend():
    # oslo.messaging imports oslo.service, which picks the eventlet backend
    # unless told otherwise. Promise's own processes run on native threads.
    # A default hook, rather than choosing now, leaves the backend unloaded
    # where nothing needs it (the openstack CLI plugin, the dashboard).
    # Inside another service (nova-scheduler loading our filter) the host
    # process decides, so nothing is chosen there.
    if 'nova' in sys.modules:
        return
    from oslo_service import backend
    if backend.get_backend_type() is None:
        backend.register_backend_default_hook(
            lambda: backend.BackendType.THREADING)


_prefer_threading_backend()
