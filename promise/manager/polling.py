"""A background thread that runs ``run_once`` every interval, or sooner
when woken."""
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class PollingThread:
    name = 'promise-poller'

    def __init__(self):
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None

    def interval(self):
        raise NotImplementedError

    def run_once(self):
        raise NotImplementedError

    def start(self):
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.name,
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout=30):
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)

    @property
    def stopping(self):
        return self._stop.is_set()

    def wake(self):
        self._wake.set()

    def _loop(self):
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                LOG.exception('%s failed; retrying later', self.name)
                busy = False
            if busy:
                # A full batch: more may be waiting.
                continue
            self._wake.wait(self.interval())
            self._wake.clear()
