"""Publishing to the message bus with an oslo.messaging Notifier.

Drivers, topics and the transport come from
``[oslo_messaging_notifications]``: with no driver set (the default, and
the standalone server) nothing is sent.

The Notifier tries ``[notifications] bus_retry`` more times to reach the
broker, then gives up; it never raises, it logs. Whatever its drivers log
as an error while this thread sends is taken as a failed send, so that
the event stays in the outbox instead of being marked sent and lost.
"""
import logging
import threading

import oslo_messaging as messaging

from promise.conf import CONF

# The parent of the loggers of the Notifier and of its drivers.
_NOTIFY_LOGGER = 'oslo_messaging.notify'


class BusUnavailable(Exception):
    """The event could not be handed to the message bus."""


class _Failures(logging.Handler):
    """Errors logged by oslo.messaging's notifier in one thread."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.thread = threading.get_ident()
        self.messages = []

    def filter(self, record):
        return record.thread == self.thread

    def emit(self, record):
        self.messages.append(record.getMessage())


class Bus:
    def __init__(self, host):
        transport = messaging.get_notification_transport(CONF)
        self._notifier = messaging.Notifier(
            transport, publisher_id='promise-manager.%s' % host,
            retry=CONF.notifications.bus_retry)

    @property
    def enabled(self):
        # is_enabled() is true with no driver at all, which sends nothing.
        return bool(CONF.oslo_messaging_notifications.driver and
                    self._notifier.is_enabled())

    def publish(self, event_type, priority, payload):
        """Send one event; raise BusUnavailable unless it was sent."""
        # The payload carries the change; the context of whoever made it
        # is not kept in the outbox.
        method = getattr(self._notifier, priority.lower(),
                         self._notifier.info)
        failures = _Failures()
        logger = logging.getLogger(_NOTIFY_LOGGER)
        logger.addHandler(failures)
        try:
            method({}, event_type, payload)
        finally:
            logger.removeHandler(failures)
        if failures.messages:
            raise BusUnavailable(failures.messages[-1][:500])
