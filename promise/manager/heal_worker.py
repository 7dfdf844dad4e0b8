"""Reservations missing resources get their capacity back as soon as it
is free, whatever freed it: a lease deleted or shortened, a downtime
cancelled, an instance gone, inventory grown. A host coming back up is
handled at once by the VIM sync (promise/manager/healing.py)."""
from promise.conf import CONF
from promise.db import api as db_api
from promise.manager import healing
from promise.manager import polling


class HealWorker(polling.PollingThread):
    name = 'promise-heal'

    def __init__(self):
        super().__init__()
        # Capacity as it was at the last attempt that left reservations
        # missing resources: the same capacity would fail them again.
        self._tried_at = None

    def interval(self):
        return CONF.manager.heal_interval

    def run_once(self):
        with db_api.reader() as session:
            if not healing.missing_count(session):
                self._tried_at = None
                return False
            version = healing.capacity_version(session)
        if version == self._tried_at:
            return False
        healing.heal_missing()
        with db_api.reader() as session:
            left = healing.missing_count(session)
            self._tried_at = healing.capacity_version(session) if left \
                else None
        return False
