"""Utilization of the simulated data centre: each VM runs at the load its
metadata gives (``load``, a fraction of its flavor from 0 to 1; 1 when
absent), so tests and demonstrations can make a server busy or idle."""
from promise.measurements import allocation


class SimulatedSource(allocation.AllocationSource):
    def _load(self, server):
        try:
            load = float((server.metadata or {}).get('load', 1.0))
        except (TypeError, ValueError):
            return 1.0
        return min(max(load, 0.0), 1.0)
