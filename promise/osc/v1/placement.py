"""openstack reservation policy|rule|violation|policy table|audit|
action plan: placement policies and re-placement plans."""
import time

from osc_lib import exceptions
from osc_lib.command import command

from promise.osc.v1 import common

_FINAL = ('SUCCEEDED', 'FAILED', 'CANCELLED')


def _read_rule(value):
    # "@file" reads the rule text from a file, as Datalog is long.
    if value.startswith('@'):
        with open(value[1:]) as f:
            return f.read().strip()
    return value


class CreatePolicy(command.ShowOne):
    """Create a placement policy (Datalog rules, Congress syntax)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--description', metavar='<text>')
        parser.add_argument('--rule', metavar='<rule>', action='append',
                            default=[],
                            help='A rule, or @FILE to read it from a file '
                                 '(repeat for several rules)')
        parser.add_argument('--hard', action='store_true',
                            help='Re-placement plans never break it')
        parser.add_argument('--proactive', action='store_true',
                            help='Refuse placements that would violate it')
        return parser

    def take_action(self, args):
        body = {'name': args.name, 'hard': args.hard,
                'proactive': args.proactive,
                'rules': [{'rule': _read_rule(r)} for r in args.rule]}
        if args.description:
            body['description'] = args.description
        policy = common.client(self).post('/policies', body)['policy']
        return common.show(policy)


class ListPolicies(command.Lister):
    """List placement policies."""

    def take_action(self, args):
        policies = common.client(self).get('/policies')['policies']
        return (('ID', 'Name', 'Hard', 'Proactive', 'Rules'),
                [[p['id'], p['name'], p['hard'], p['proactive'],
                  len(p['rules'])] for p in policies])


class ShowPolicy(command.ShowOne):
    """Show a placement policy with its rules."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('policy', metavar='<policy>',
                            help='ID or name of the policy')
        return parser

    def take_action(self, args):
        policy = common.client(self).get('/policies/%s' % args.policy)
        policy = policy['policy']
        policy['rules'] = [r['rule'] for r in policy['rules']]
        return common.show(policy)


class DeletePolicy(command.Command):
    """Delete placement policies."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('policies', metavar='<policy>', nargs='+')
        return parser

    def take_action(self, args):
        for policy in args.policies:
            common.client(self).delete('/policies/%s' % policy)


class CreateRule(command.ShowOne):
    """Add a rule to a placement policy."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('policy', metavar='<policy>')
        parser.add_argument('rule', metavar='<rule>',
                            help='The rule, or @FILE')
        parser.add_argument('--name', metavar='<name>')
        parser.add_argument('--comment', metavar='<text>')
        return parser

    def take_action(self, args):
        body = {'rule': _read_rule(args.rule)}
        for key in ('name', 'comment'):
            if getattr(args, key):
                body[key] = getattr(args, key)
        rule = common.client(self).post('/policies/%s/rules' % args.policy,
                                        body)['rule']
        return common.show(rule)


class ListRules(command.Lister):
    """List the rules of a placement policy."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('policy', metavar='<policy>')
        return parser

    def take_action(self, args):
        rules = common.client(self).get(
            '/policies/%s/rules' % args.policy)['rules']
        return (('ID', 'Name', 'Rule'),
                [[r['id'], r['name'], r['rule']] for r in rules])


class DeleteRule(command.Command):
    """Delete a rule of a placement policy."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('policy', metavar='<policy>')
        parser.add_argument('rule', metavar='<rule-id>')
        return parser

    def take_action(self, args):
        common.client(self).delete('/policies/%s/rules/%s' % (
            args.policy, args.rule))


class ListViolations(command.Lister):
    """List the violations of placement policies (their error rows)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--policy', metavar='<policy>',
                            help='Only the violations of this policy')
        return parser

    def take_action(self, args):
        path = ('/policies/%s/violations' % args.policy if args.policy
                else '/violations')
        found = common.client(self).get(path)['violations']
        return (('Policy', 'Row'),
                [[v['policy'], ', '.join(str(c) for c in v['row'])]
                 for v in found])


class ListPolicyTables(command.Lister):
    """List the tables placement policies read."""

    def take_action(self, args):
        tables = common.client(self).get('/policy-tables')['tables']
        return (('Name', 'Columns', 'Rows'),
                [[t['name'], ', '.join(t['columns']), t['rows']]
                 for t in tables])


class ShowPolicyTable(command.Lister):
    """Show the rows of a table placement policies read."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('table', metavar='<table>')
        return parser

    def take_action(self, args):
        table = common.client(self).get(
            '/policy-tables/%s' % args.table)['table']
        width = max((len(r) for r in table['rows']), default=0)
        return (tuple('col%d' % i for i in range(width)), table['rows'])


class SimulatePolicies(command.ShowOne):
    """Tell which violations moves would add or remove."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--move', metavar='<vm>=<server>',
                            action='append', default=[], required=True,
                            help='Move a VM to a server (repeatable)')
        parser.add_argument('--policy', metavar='<policy>',
                            action='append', default=[],
                            help='Only these policies (repeatable)')
        return parser

    def take_action(self, args):
        moves = []
        for item in args.move:
            vm, sep, server = item.partition('=')
            if not sep or not vm or not server:
                raise exceptions.CommandError(
                    '--move takes <vm>=<server>, not %r' % item)
            moves.append({'vm': vm, 'to': server})
        path = '/policies/simulate'
        if args.policy:
            path += '?' + '&'.join('policy=%s' % p for p in args.policy)
        result = common.client(self).post(path, {'moves': moves})
        return common.show(result['simulation'])


class CreateAudit(command.ShowOne):
    """Audit placement policies and plan a re-placement."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--policy', metavar='<policy>',
                            action='append', default=[])
        parser.add_argument('--scope', choices=('violating', 'all'),
                            default='violating',
                            help='Which VMs may move: those of violating '
                                 'servers (default) or any')
        parser.add_argument('--vm', metavar='<vm>', action='append',
                            default=[], help='Only these VMs may move')
        parser.add_argument('--target', metavar='<server>',
                            action='append', default=[],
                            help='Only these servers may receive VMs')
        parser.add_argument('--tie-break', choices=('pack', 'spread',
                                                    'none'))
        return parser

    def take_action(self, args):
        scope = {'mode': args.scope}
        if args.vm:
            scope['vms'] = args.vm
        if args.target:
            scope['targets'] = args.target
        body = {'scope': scope}
        if args.policy:
            body['policies'] = args.policy
        if args.tie_break:
            body['tie_break'] = args.tie_break
        audit = common.client(self).post('/audits', body)['audit']
        plan = audit['action_plan'] or {}
        return common.show({
            'violations': audit['violations'],
            'action_plan_id': plan.get('id'),
            'moves': ['%s: %s -> %s' % (m['vm'], m['from'], m['to'])
                      for m in plan.get('moves', [])],
            'efficacy': plan.get('efficacy', {})})


def _plan_show(plan):
    plan = dict(plan)
    plan['moves'] = ['%s: %s -> %s [%s]' % (m['vm'], m['from'], m['to'],
                                            m['state'])
                     for m in plan['moves']]
    return common.show(plan)


class ListActionPlans(command.Lister):
    """List action plans."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--state', metavar='<state>')
        return parser

    def take_action(self, args):
        params = {'state': args.state} if args.state else None
        plans = common.client(self).get('/action-plans',
                                        params)['action_plans']
        return (('ID', 'State', 'Moves', 'Created at'),
                [[p['id'], p['state'], len(p['moves']), p['created_at']]
                 for p in plans])


class ShowActionPlan(command.ShowOne):
    """Show an action plan with the progress of its moves."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('plan', metavar='<action-plan>')
        return parser

    def take_action(self, args):
        return _plan_show(common.client(self).get(
            '/action-plans/%s' % args.plan)['action_plan'])


class _PlanAction(command.ShowOne):
    action = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('plan', metavar='<action-plan>')
        return parser

    def take_action(self, args):
        return _plan_show(common.client(self).post(
            '/action-plans/%s/%s' % (args.plan, self.action),
            {})['action_plan'])


class ApproveActionPlan(_PlanAction):
    """Approve a recommended action plan."""
    action = 'approve'


class CancelActionPlan(_PlanAction):
    """Cancel an action plan that has not run."""
    action = 'cancel'


class ExecuteActionPlan(_PlanAction):
    """Execute an approved action plan (live migrations)."""
    action = 'execute'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--wait', action='store_true',
                            help='Wait until every move is made or one '
                                 'failed, showing progress')
        parser.add_argument('--wait-timeout', type=int, default=3600,
                            metavar='<seconds>')
        return parser

    def take_action(self, args):
        client = common.client(self)
        plan = client.post('/action-plans/%s/execute' % args.plan,
                           {})['action_plan']
        if args.wait:
            deadline = time.monotonic() + args.wait_timeout
            shown = None
            while plan['state'] not in _FINAL:
                if time.monotonic() > deadline:
                    raise exceptions.CommandError(
                        'action plan %s still %s after %d s' % (
                            plan['id'], plan['state'], args.wait_timeout))
                done = sum(m['state'] == 'SUCCEEDED' for m in plan['moves'])
                progress = '%s: %d/%d moves' % (plan['state'], done,
                                                len(plan['moves']))
                if progress != shown:
                    self.app.stderr.write(progress + '\n')
                    shown = progress
                time.sleep(1)
                plan = client.get('/action-plans/%s' %
                                  plan['id'])['action_plan']
            if plan['state'] != 'SUCCEEDED':
                raise exceptions.CommandError(
                    'action plan %s %s: %s' % (plan['id'], plan['state'],
                                               plan['state_reason']))
        return _plan_show(plan)


