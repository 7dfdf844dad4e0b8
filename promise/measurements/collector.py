"""Samples taken at intervals and averaged over a sliding window: the
"average overall utilization" the draft's policies read."""
import collections
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class Collector:
    def __init__(self, source, window, clock=time.monotonic):
        self.source = source
        self.window = window
        self._clock = clock
        self._samples = collections.deque()
        # server -> (time its current placement was first seen, placement)
        self._since = {}
        self._stale = False
        self._lock = threading.Lock()

    def collect(self):
        """Take one sample now; returns it."""
        sample = self.source.sample()
        now = self._clock()
        with self._lock:
            self._samples.append((now, sample))
            while self._samples and self._samples[0][0] < now - self.window:
                self._samples.popleft()
            for server, vms in sample.placement.items():
                since = self._since.get(server)
                if since is None or since[1] != vms:
                    self._since[server] = (now, vms)
        return sample

    def invalidate(self):
        """The VMs moved: the next collect_if_due samples at once."""
        self._stale = True

    def collect_if_due(self, interval):
        """Take a sample unless the last one is younger than ``interval``
        seconds and nothing moved since: readers of the averages do not
        each query the source."""
        with self._lock:
            last = self._samples[-1][0] if self._samples else None
        if self._stale or last is None or self._clock() - last >= interval:
            self._stale = False
            return self.collect()
        return None

    def _average(self, part):
        now = self._clock()
        sums, counts = {}, {}
        with self._lock:
            samples = [(t, s) for t, s in self._samples
                       if t >= now - self.window]
        with self._lock:
            since = {k: v[0] for k, v in self._since.items()}
        for taken, sample in samples:
            for key, value in getattr(sample, part).items():
                if part == 'servers' and taken < since.get(key, taken):
                    continue
                sums[key] = sums.get(key, 0.0) + value
                counts[key] = counts.get(key, 0) + 1
        return {key: sums[key] / counts[key] for key in sums}

    def server_utilization(self):
        """Average utilization per server over the window (percent)."""
        return self._average('servers')

    def vm_utilization(self):
        return self._average('vms')

    def has_samples(self):
        with self._lock:
            return bool(self._samples)
