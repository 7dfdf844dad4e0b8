"""The manager's notification work: the outbox dispatcher and the webhook
delivery worker, started and stopped together."""
from promise import notifications
from promise.manager import delivery_worker
from promise.manager import outbox_dispatcher


class NotificationThreads:
    def __init__(self, host):
        self.deliveries = delivery_worker.DeliveryWorker(host)
        self.dispatcher = outbox_dispatcher.OutboxDispatcher(
            host, on_dispatched=self.deliveries.wake)

    def start(self):
        self.deliveries.start()
        self.dispatcher.start()
        notifications.add_waker(self.dispatcher.wake)

    def stop(self):
        notifications.remove_waker(self.dispatcher.wake)
        self.dispatcher.stop()
        self.deliveries.stop()
