"""The manager's notification work: the outbox dispatcher, the webhook
delivery worker and the bus publisher, started and stopped together."""
from promise import notifications
from promise.manager import bus_publisher
from promise.manager import delivery_worker
from promise.manager import outbox_dispatcher


class NotificationThreads:
    def __init__(self, host):
        self.deliveries = delivery_worker.DeliveryWorker(host)
        self.dispatcher = outbox_dispatcher.OutboxDispatcher(
            host, on_dispatched=self.deliveries.wake)
        self.publisher = bus_publisher.BusPublisher(host)

    def start(self):
        self.deliveries.start()
        self.dispatcher.start()
        self.publisher.start()
        notifications.add_waker(self.dispatcher.wake)
        notifications.add_waker(self.publisher.wake)

    def stop(self):
        notifications.remove_waker(self.publisher.wake)
        notifications.remove_waker(self.dispatcher.wake)
        self.publisher.stop()
        self.dispatcher.stop()
        self.deliveries.stop()
