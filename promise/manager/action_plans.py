"""Action plans: approve, execute move by move through the VIM driver,
cancel. A failed move stops the plan with the move and the plan FAILED
and the reason recorded; moves not yet made stay PENDING."""
import threading
import time

from oslo_log import log as logging

from promise import exceptions
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

# state -> states it may go to through the API
_TRANSITIONS = {
    'RECOMMENDED': ('APPROVED', 'CANCELLED'),
    'APPROVED': ('ONGOING', 'CANCELLED'),
}
_POLL = 0.2


def _transition(context, plan_id, target, reason=None):
    with db_api.writer(context) as session:
        row = session.get(models.ActionPlan, plan_id, with_for_update=True)
        if row is None:
            raise exceptions.NotFound(object='Action plan', id=plan_id)
        if target not in _TRANSITIONS.get(row.state, ()):
            raise exceptions.PlanStateConflict(
                plan_id=plan_id, state=row.state,
                reason='it cannot become %s' % target)
        row.state = target
        row.state_reason = reason
        return row.to_dict()


class ActionPlanRunner:
    def __init__(self, driver, wait_timeout=None, poll=_POLL,
                 prepare_move=None):
        self.driver = driver
        # (server id, target host) -> abort callable or None: claims the
        # target in Promise's calendars before the VIM moves anything, so
        # a plan never takes capacity that leases hold.
        self.prepare_move = prepare_move
        self.wait_timeout = wait_timeout
        self.poll = poll
        self._threads = []

    def approve(self, context, plan_id):
        return _transition(context, plan_id, 'APPROVED')

    def cancel(self, context, plan_id):
        return _transition(context, plan_id, 'CANCELLED',
                           'cancelled before it ran')

    def execute(self, context, plan_id):
        """Mark the plan ONGOING and run its moves in the background."""
        plan = _transition(context, plan_id, 'ONGOING')
        thread = threading.Thread(target=self.run, args=(plan_id,),
                                  name='action-plan-%s' % plan_id,
                                  daemon=True)
        self._threads.append(thread)
        thread.start()
        return plan

    def wait(self, timeout=None):
        for thread in list(self._threads):
            thread.join(timeout)

    def _save(self, plan_id, moves, state=None, reason=None):
        with db_api.writer() as session:
            row = session.get(models.ActionPlan, plan_id)
            row.moves = [dict(m) for m in moves]
            if state:
                row.state = state
                row.state_reason = reason

    def run(self, plan_id):
        with db_api.reader() as session:
            moves = [dict(m) for m in
                     session.get(models.ActionPlan, plan_id).moves]
        for index, move in enumerate(moves):
            move['state'] = 'ONGOING'
            self._save(plan_id, moves)
            error = self._move(move)
            if error:
                move['state'] = 'FAILED'
                move['reason'] = error
                self._save(plan_id, moves, 'FAILED',
                           'move %d of %d (%s to %s) failed: %s' % (
                               index + 1, len(moves), move['vm'],
                               move['to'], error))
                LOG.warning('Action plan %s stopped: %s', plan_id, error)
                return
            move['state'] = 'SUCCEEDED'
            self._save(plan_id, moves)
        self._save(plan_id, moves, 'SUCCEEDED', None)

    def _move(self, move):
        """None when the server runs on the target; else why not."""
        server_id = move.get('server_id') or move['vm']
        abort = None
        try:
            server = self.driver.get_server(server_id)
            if server.host != move['from']:
                return ('%s is on %s, not %s as planned' % (
                    move['vm'], server.host, move['from']))
            if self.prepare_move is not None:
                abort = self.prepare_move(server_id, move['to'])
            self.driver.live_migrate_server(server_id, move['to'])
        except (vim_base.VIMError, exceptions.PromiseException) as exc:
            if abort is not None:
                abort()
            return str(exc)
        error = self._wait(server_id, move)
        if error and abort is not None:
            abort()
        return error

    def _wait(self, server_id, move):
        timeout = self.wait_timeout or CONF.placement.migration_timeout
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                server = self.driver.get_server(server_id)
            except vim_base.VIMError as exc:
                return str(exc)
            if server.state == vim_base.ERROR:
                return server.fault or 'the server went to ERROR'
            if server.host == move['to'] and \
                    server.state == vim_base.ACTIVE:
                return None
            if server.host == move['from'] and \
                    server.state == vim_base.ACTIVE and server.fault:
                return server.fault
            time.sleep(self.poll)
        return 'the migration did not finish within %d s' % timeout
