"""Promise: capacity reservation for OpenStack."""


def _select_service_backend():
    # oslo.messaging imports oslo.service, which picks the eventlet backend
    # unless told otherwise. Promise runs on native threads; a host process
    # that already chose (nova-scheduler loading our filter) keeps its own.
    from oslo_service import backend
    if backend.get_backend_type() is None:
        backend.init_backend(backend.BackendType.THREADING)


_select_service_backend()
