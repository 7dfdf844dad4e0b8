"""Evaluates every placement policy on a timer and when the VIM reports a
VM added, deleted or moved; violations that appear or clear are recorded
as placement.violation.start / .end events for subscribers.

The violations last seen are kept in the database: a manager records an
event only when its own insert or delete of that row succeeded, so
several managers evaluating the same policies tell of each change once.
"""
import hashlib
import json
import threading

from oslo_db import exception as db_exc
from oslo_log import log as logging

from promise.db import api as db_api
from promise.db import models
from promise.notifications import outbox
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

TRIGGERS = (vim_base.INSTANCE_CREATE_END, vim_base.INSTANCE_DELETE_END,
             vim_base.INSTANCE_LIVE_MIGRATION_END,
             vim_base.INSTANCE_SHELVE_END, vim_base.SERVICE_UPDATE)


def _key(row):
    text = json.dumps(list(row), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class PolicyMonitor:
    def __init__(self, policies, interval):
        self.policies = policies
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None

    def on_vim_event(self, event):
        if event.event_type in TRIGGERS:
            self._wake.set()

    def start(self):
        self._thread = threading.Thread(target=self._loop,
                                        name='placement-monitor',
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)

    def _loop(self):
        while not self._stop.is_set():
            try:
                self.evaluate()
            except Exception:
                LOG.exception('Evaluating the placement policies failed')
            self._wake.wait(self.interval or None)
            self._wake.clear()

    def evaluate(self):
        """Evaluate now and record what changed; returns the (policy,
        row) pairs this call reported as started and as ended."""
        found = self.policies.violations(db_api.internal_context())
        current = {(name, _key(row)): row for name, rows in found.items()
                   for row in rows}
        with db_api.reader() as session:
            known = {(v.policy_name, v.row_key): v.id
                     for v in session.query(models.PlacementViolation)}
        started, ended = [], []
        for (name, key), row in sorted(current.items()):
            if (name, key) in known:
                continue
            try:
                with db_api.writer() as session:
                    session.add(models.PlacementViolation(
                        policy_name=name, row_key=key, row=list(row)))
                    session.flush()
                    outbox.record(session, 'placement.violation.start',
                                  {'policy': name, 'row': list(row)},
                                  resource_type='placement_policy')
            except db_exc.DBDuplicateEntry:
                continue        # another manager told of it
            started.append((name, list(row)))
        for (name, key), row_id in sorted(known.items()):
            if (name, key) in current:
                continue
            with db_api.writer() as session:
                row = session.get(models.PlacementViolation, row_id)
                if row is None:
                    continue
                values = row.row
                deleted = (session.query(models.PlacementViolation)
                           .filter_by(id=row_id).delete())
                if deleted:
                    outbox.record(session, 'placement.violation.end',
                                  {'policy': name, 'row': values},
                                  resource_type='placement_policy')
                    ended.append((name, values))
        return started, ended
