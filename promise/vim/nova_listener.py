"""Consumes Nova's versioned notifications and hands out VIMEvents."""
import threading

from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging

from promise.vim import nova_notifications

LOG = logging.getLogger(__name__)


class _Endpoint:
    """The oslo.messaging endpoint: one method per notification priority
    Nova uses for the events Promise reads."""

    def __init__(self, deliver):
        self.deliver = deliver
        self.filter_rule = oslo_messaging.NotificationFilter(
            event_type='^(%s)$' % '|'.join(
                t.replace('.', r'\.')
                for t in nova_notifications.EVENT_TYPES))

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self.deliver(event_type, payload, metadata)
        return oslo_messaging.NotificationResult.HANDLED

    # instance.create.error and friends come with the ERROR priority.
    error = info


class Subscribers:
    """Callbacks that receive VIMEvents; safe to use from several threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._callbacks = []

    def add(self, callback):
        with self._lock:
            self._callbacks.append(callback)

        def cancel():
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)
        return cancel

    def publish(self, event):
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(event)
            except Exception:
                # One subscriber's failure must not starve the others, nor
                # requeue the message forever.
                LOG.exception('VIM event subscriber failed on %s',
                              event.event_type)


class NotificationListener:
    """An oslo.messaging notification listener on Nova's transport."""

    def __init__(self, url, topic, exchange, pool, on_event, nodes_of=None,
                 conf=None):
        self.url = url
        self.topic = topic
        self.exchange = exchange
        self.pool = pool
        self.on_event = on_event
        self.nodes_of = nodes_of
        # oslo.messaging registers its tracing options on the global CONF
        # only, so the transport is built from it.
        self.conf = conf or cfg.CONF
        self._listener = None
        self._transport = None
        self._lock = threading.Lock()

    def _deliver(self, event_type, payload, metadata):
        try:
            event = nova_notifications.translate(
                event_type, payload, metadata, nodes_of=self.nodes_of)
        except Exception:
            LOG.exception('Unreadable %s notification from Nova', event_type)
            return
        if event is not None:
            self.on_event(event)

    def start(self):
        with self._lock:
            if self._listener is not None:
                return
            self._transport = oslo_messaging.get_notification_transport(
                self.conf, url=self.url)
            targets = [oslo_messaging.Target(topic=self.topic,
                                             exchange=self.exchange)]
            self._listener = oslo_messaging.get_notification_listener(
                self._transport, targets, [_Endpoint(self._deliver)],
                executor='threading', pool=self.pool)
            self._listener.start()
            LOG.info('Listening to Nova notifications on topic %s (pool %s)',
                     self.topic, self.pool)

    def stop(self):
        with self._lock:
            listener, transport = self._listener, self._transport
            self._listener = self._transport = None
        if listener is not None:
            listener.stop()
            listener.wait()
        if transport is not None:
            transport.cleanup()
