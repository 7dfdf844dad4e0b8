"""Warnings Promise's own processes do not pass on to operators."""
import warnings


def install():
    # futurist imports eventlet whenever it is installed (oslo.service
    # still depends on it) only to find out whether it is in use, and
    # eventlet warns on import that it is deprecated. Promise runs on
    # native threads and never uses eventlet, so the warning only alarms.
    warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
