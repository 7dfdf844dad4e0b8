"""Placement policies: their rules, evaluation, simulation and audits.

Policies are stored as rows and compiled into one clingo program; the
tables they read are taken from the VIM driver and the measurement
collector at each evaluation (see placement_snapshot).
"""
import functools
import threading

from oslo_log import log as logging

from promise import exceptions
from promise import placement
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.db import placement_api
from promise.manager import placement_snapshot

LOG = logging.getLogger(__name__)


def _invalid(exc, starts=None):
    line = getattr(exc, 'line', None)
    extra = {}
    if line is not None and starts:
        # Report the line within the rule at fault, and which rule.
        index = max(i for i, start in enumerate(starts) if start < line)
        extra['rule_index'] = index
        line -= starts[index]
    reason = getattr(exc, 'message', None) or str(exc)
    if line is not None:
        reason = 'line %s, column %s%s: %s' % (
            line, getattr(exc, 'column', None),
            ' of rule %d' % (extra['rule_index'] + 1) if extra else '',
            reason)
    return exceptions.InvalidPolicy(
        reason=reason, line=line, column=getattr(exc, 'column', None),
        rule=getattr(exc, 'rule', None),
        variable=getattr(exc, 'variable', None), **extra)


def compile_policy(name, rules, hard=False):
    """A placement.Policy of rule texts; InvalidPolicy pointing at the
    fault (which rule, line and column within it)."""
    if not rules:
        # A policy without rules reads nothing and derives nothing.
        return None
    return _compile(name, tuple(rules), bool(hard))


@functools.lru_cache(maxsize=256)
def _compile(name, rules, hard):
    # Every evaluation, admission and scheduler check compiles the stored
    # policies: parsing and validating them once per text is enough.
    starts, line = [], 0
    for text in rules:
        starts.append(line)
        line += text.count('\n') + 1
    try:
        return placement.Policy(name, '\n'.join(rules), hard=hard)
    except placement.PolicyError as exc:
        raise _invalid(exc, starts)


def policy_set(context, names=None):
    rows = placement_api.policy_list(context)
    if names:
        known = {r.name for r in rows} | {r.id for r in rows}
        missing = [n for n in names if n not in known]
        if missing:
            raise exceptions.NotFound(object='Policy',
                                      id=', '.join(missing))
        rows = [r for r in rows if r.name in names or r.id in names]
    compiled = []
    for row in rows:
        policy = compile_policy(row.name, [r.rule for r in row.rules],
                                row.hard)
        if policy is not None:
            compiled.append(policy)
    return placement.PolicySet(compiled), rows


class PolicyService:
    def __init__(self, driver, collector=None):
        self.driver = driver
        self.collector = collector
        self._lock = threading.Lock()

    # Policies and rules.

    def create_policy(self, context, values):
        rules = values.get('rules') or []
        compile_policy(values['name'], [r['rule'] for r in rules],
                       values.get('hard', False))
        with db_api.writer(context) as session:
            if session.query(models.PlacementPolicy).filter_by(
                    name=values['name']).first() is not None:
                raise exceptions.Conflict(
                    reason='a policy named %s exists' % values['name'])
            row = models.PlacementPolicy(
                name=values['name'], description=values.get('description'),
                hard=values.get('hard', False),
                proactive=values.get('proactive', False),
                project_id=context.project_id)
            session.add(row)
            session.flush()
            for rule in rules:
                session.add(models.PlacementRule(
                    policy_id=row.id, rule=rule['rule'],
                    name=rule.get('name'), comment=rule.get('comment')))
            return row.id

    def delete_policy(self, context, policy_id):
        with db_api.writer(context) as session:
            row = session.get(models.PlacementPolicy, policy_id)
            if row is None:
                raise exceptions.NotFound(object='Policy', id=policy_id)
            session.delete(row)

    def add_rule(self, context, policy_id, values):
        with db_api.writer(context) as session:
            row = session.get(models.PlacementPolicy, policy_id,
                              with_for_update=True)
            if row is None:
                raise exceptions.NotFound(object='Policy', id=policy_id)
            # The whole policy must stay valid with the new rule (arity of
            # derived tables, stratification across rules).
            compile_policy(row.name,
                           [r.rule for r in row.rules] + [values['rule']],
                           row.hard)
            rule = models.PlacementRule(
                policy_id=row.id, rule=values['rule'],
                name=values.get('name'), comment=values.get('comment'))
            session.add(rule)
            session.flush()
            return rule.id

    def delete_rule(self, context, policy_id, rule_id):
        with db_api.writer(context) as session:
            rule = session.get(models.PlacementRule, rule_id)
            if rule is None or rule.policy_id != policy_id:
                raise exceptions.NotFound(object='Rule', id=rule_id)
            session.delete(rule)

    # Evaluation.

    def snapshot(self):
        return placement_snapshot.take(self.driver)

    def measured(self):
        if self.collector is None:
            return None
        try:
            self.collector.collect_if_due(
                CONF.placement.measurement_interval)
        except Exception as exc:  # a metrics backend may be down
            LOG.warning('Measurement failed, using the flavors of the VMs '
                        'instead: %s', exc)
            return None
        return self.collector.server_utilization()

    def tables(self, context, snapshot=None):
        snapshot = snapshot or self.snapshot()
        return placement_snapshot.tables(snapshot, self.measured())

    def violations(self, context, names=None):
        policies, _rows = policy_set(context, names)
        tables = self.tables(context)
        try:
            found = policies.violations(tables)
        except placement.PlacementError as exc:
            raise exceptions.Conflict(reason='evaluation failed: %s' % exc)
        return {name: sorted(list(r) for r in rows)
                for name, rows in found.items()}

    def table_rows(self, context, name):
        tables = self.tables(context)
        if name not in tables:
            raise exceptions.NotFound(object='Table', id=name)
        return [list(r) for r in tables[name]]

    def simulate(self, context, names, moves=(), changes=()):
        """Violations that moves (vm -> server) and table changes would
        add and remove."""
        policies, _rows = policy_set(context, names)
        snapshot = self.snapshot()
        dc = snapshot.dc
        if moves:
            for move in moves:
                if move['vm'] not in dc.vms:
                    raise exceptions.BadRequest(
                        reason='unknown VM %s' % move['vm'])
                if move['to'] not in dc.servers:
                    raise exceptions.BadRequest(
                        reason='unknown server %s' % move['to'])
            dc = dc.with_moves([placement.Move(m['vm'],
                                               dc.vms[m['vm']].host,
                                               m['to']) for m in moves])
        before = placement_snapshot.tables(snapshot)
        after = placement_snapshot.tables(
            placement_snapshot.Snapshot(dc, snapshot.ids, snapshot.projects))
        extra = [placement.Change(c['table'], tuple(c['row']),
                                  c.get('op') == 'delete')
                 for c in changes]
        try:
            result = policies.simulate(after, extra) if extra else None
            old = policies.violations(before)
            new = result.after if result else policies.violations(after)
        except placement.PlacementError as exc:
            raise exceptions.BadRequest(reason=str(exc))
        added = {n: sorted(list(r) for r in new[n] - old[n])
                 for n in new if new[n] - old[n]}
        removed = {n: sorted(list(r) for r in old[n] - new[n])
                   for n in old if old[n] - new[n]}
        return {'violations_before': {n: sorted(list(r) for r in rows)
                                      for n, rows in old.items()},
                'violations_after': {n: sorted(list(r) for r in rows)
                                     for n, rows in new.items()},
                'added': added, 'removed': removed,
                'capacity_breaks': [list(b) if isinstance(b, tuple) else b
                                    for b in dc.capacity_breaks()]}

    # Audits.

    def audit(self, context, values):
        names = values.get('policies') or None
        policies, _rows = policy_set(context, names)
        snapshot = self.snapshot()
        scope_in = values.get('scope') or {}
        try:
            scope = placement.AuditScope(
                mode=scope_in.get('mode', 'violating'),
                vms=frozenset(scope_in['vms']) if scope_in.get('vms')
                else None,
                targets=frozenset(scope_in['targets'])
                if scope_in.get('targets') else None)
            options = placement.PlannerOptions(
                tie_break=values.get('tie_break', 'pack'),
                time_limit=values.get('time_limit',
                                      CONF.placement.audit_time_limit))
        except ValueError as exc:
            raise exceptions.BadRequest(reason=str(exc))
        for vm in scope.vms or ():
            if vm not in snapshot.dc.vms:
                raise exceptions.BadRequest(reason='unknown VM %s' % vm)
        for server in scope.targets or ():
            if server not in snapshot.dc.servers:
                raise exceptions.BadRequest(
                    reason='unknown server %s' % server)
        try:
            result = placement.audit(policies, snapshot.dc, scope, options)
        except placement.PlanningError as exc:
            raise exceptions.Conflict(reason='no plan: %s' % exc)
        except placement.PlacementError as exc:
            raise exceptions.Conflict(reason='evaluation failed: %s' % exc)
        violations = {n: sorted(list(r) for r in rows)
                      for n, rows in result.violations.items()}
        if result.plan is None:
            return {'violations': violations, 'action_plan_id': None}
        plan = result.plan
        moves = [{'vm': m.vm, 'server_id': snapshot.ids.get(m.vm),
                  'from': m.source, 'to': m.target, 'state': 'PENDING',
                  'reason': None} for m in plan.moves]
        efficacy = plan.efficacy()
        efficacy['utilization_before'] = plan.utilization_before
        efficacy['utilization_after'] = plan.utilization_after
        with db_api.writer(context) as session:
            row = models.ActionPlan(
                state='RECOMMENDED', audit={
                    'policies': [p.name for p in policies],
                    'scope': scope_in,
                    'tie_break': options.tie_break},
                violations=violations, efficacy=efficacy, moves=moves,
                project_id=context.project_id, user_id=context.user_id)
            session.add(row)
            session.flush()
            return {'violations': violations, 'action_plan_id': row.id}


CANDIDATE = 'promise:candidate:%s'


def forbidden_hosts(context, take_snapshot, size, groups, flavor=None):
    """Hosts where a VM of ``size`` in ``groups`` would add a violation of
    a proactive policy, with the reason per host.

    One evaluation answers for every host: a candidate VM is put on each
    server at once. Per-server effects (anti-affinity, a server's own
    utilization) are exact; a policy that compares servers with each other
    sees every server receive a candidate at the same time.
    """
    rows = [r for r in placement_api.policy_list(context) if r.proactive]
    compiled = [compile_policy(r.name, [x.rule for x in r.rules], r.hard)
                for r in rows]
    compiled = [p for p in compiled if p is not None]
    if not compiled:
        return {}
    policies = placement.PolicySet(compiled)
    dc = take_snapshot().dc
    names = {host: CANDIDATE % host for host in dc.servers}
    vms = list(dc.vms.values()) + [
        placement.Vm(name, host, size, flavor=flavor)
        for host, name in names.items()]
    grouped = {g: list(members) for g, members in dc.groups.items()}
    for group in groups:
        grouped.setdefault(group, []).extend(names.values())
    trial = placement.DataCentre(list(dc.servers.values()), vms, grouped,
                                 dc.flavors)
    before = policies.violations(dc.tables())
    after = policies.violations(trial.tables())
    by_name = {name: host for host, name in names.items()}
    forbidden = {}
    for policy, found in after.items():
        for row in found - before.get(policy, set()):
            for value in row:
                host = by_name.get(value)
                if host is None and value in dc.servers:
                    host = value
                if host is None and value in dc.vms:
                    host = dc.vms[value].host
                if host is not None:
                    forbidden.setdefault(host, policy)
    return forbidden
