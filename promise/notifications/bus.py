"""Publishing to the message bus with an oslo.messaging Notifier.

Drivers, topics and the transport come from
``[oslo_messaging_notifications]``: with no driver set (the default, and
the standalone server) nothing is sent.
"""
import oslo_messaging as messaging

from promise.conf import CONF


class Bus:
    def __init__(self, host):
        transport = messaging.get_notification_transport(CONF)
        self._notifier = messaging.Notifier(
            transport, publisher_id='promise-manager.%s' % host)

    def publish(self, event_type, priority, payload):
        # The payload carries the change; the context of whoever made it
        # is not kept in the outbox.
        method = getattr(self._notifier, priority.lower(),
                         self._notifier.info)
        method({}, event_type, payload)
