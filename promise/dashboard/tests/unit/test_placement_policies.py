from django.urls import reverse
from django.utils import html
from openstack_dashboard.test import helpers

from promise.dashboard import api
from promise.dashboard.placement_policies import forms
from promise.dashboard.tests.unit import fakes

INDEX = reverse('horizon:admin:placement_policies:index')
CREATE = reverse('horizon:admin:placement_policies:create')
SIMULATE = reverse('horizon:admin:placement_policies:simulate')
TABLES = {'tables': [
    {'name': 'anti_affinity_group', 'columns': ['vm', 'group'], 'rows': 2},
    {'name': 'nova:flavors', 'columns': ['id', 'name'], 'rows': 2},
    {'name': 'server_utilization', 'columns': [], 'rows': 2}]}
SIMULATION = {
    'violations_before': {'energy': [], 'ha': [['g1', 'server-a']]},
    'violations_after': {'energy': [['server-a'], ['server-b']], 'ha': []},
    'added': {'energy': [['server-a'], ['server-b']]},
    'removed': {'ha': [['g1', 'server-a']]},
    'capacity_breaks': ['other-1']}
ENERGY_RULES = (
    'underused(server) :- nova:node(server, "type1"),\n'
    '  server_utilization(server, util), lt(util, 50)',
    'error(server) :- underused(server), underused(other),\n'
    '  neq(server, other)')


def help_icon(field):
    """The help icon of a field, whole: a quote in the help text would
    end its title attribute early."""
    return ('<span class="help-icon" data-toggle="tooltip" '
            'data-placement="top" title="%s"><span class="fa '
            'fa-question-circle"></span></span>' % html.escape(
                field.help_text))


def table_url(name):
    return reverse('horizon:admin:placement_policies:table', args=(name,))


def detail(policy_id):
    return reverse('horizon:admin:placement_policies:detail',
                   args=(policy_id,))


class PoliciesTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)

    def test_index_lists_policies(self):
        self.api.on('GET', '/policies', {'policies': [
            fakes.policy('p1', 'energy', rules=ENERGY_RULES),
            fakes.policy('p2', 'ha', hard=True, proactive=True)]})
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        table = resp.context['policies_table']
        self.assertEqual(['energy', 'ha'], [p['name'] for p in table.data])
        rows = {r.datum['name']: [str(c.data) for c in r.cells.values()]
                for r in table.get_rows()}
        # name, description, hard, proactive, rules (after the checkbox)
        self.assertEqual(['No', 'No', '2'], rows['energy'][3:6])
        self.assertEqual(['Yes', 'Yes', '1'], rows['ha'][3:6])
        self.assertContains(resp, detail('p1'))
        self.assertContains(resp, CREATE)
        self.assertEqual([(None, None)], self.api.sent('GET', '/policies'))

    def test_index_reports_an_error(self):
        self.api.on('GET', '/policies', api.PromiseAPIError(
            403, 'Forbidden', 'not allowed'))
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        self.assertMessageCount(resp, error=1)

    def test_violations_tab(self):
        self.api.on('GET', '/violations', {'violations': [
            {'policy': 'energy', 'row': ['server-a']},
            {'policy': 'ha', 'row': ['large.2.X2', 12.5]}]})
        resp = self.client.get(INDEX, {'tab': 'placement__violations'})
        self.assertEqual(200, resp.status_code)
        table = resp.context['violations_table']
        self.assertEqual(['energy:server-a', 'ha:large.2.X2,12.5'],
                         [table.get_object_id(v) for v in table.data])
        self.assertContains(resp, 'large.2.X2, 12.5')
        self.assertEqual([(None, None)], self.api.sent('GET', '/violations'))

    def test_detail_shows_rules_and_violations(self):
        self.api.on('GET', '/policies/p1', {'policy': fakes.policy(
            'p1', 'energy', rules=ENERGY_RULES + ('busy(x) :- a(x) & b',))})
        self.api.on('GET', '/policies/p1/violations', {'violations': [
            {'policy': 'energy', 'row': ['server-a']}]})
        resp = self.client.get(detail('p1'))
        self.assertEqual(200, resp.status_code)
        self.assertEqual(3, len(resp.context['rules_table'].data))
        # The Datalog text as written, escaped, in monospace.
        self.assertContains(
            resp, '<pre class="promise-rule">underused(server) :- '
                  'nova:node(server, &quot;type1&quot;),\n  '
                  'server_utilization(server, util), lt(util, 50)</pre>',
            html=False)
        self.assertContains(resp, 'busy(x) :- a(x) &amp; b')
        self.assertEqual(['server-a'], [
            v['row'][0] for v in resp.context['policy_violations_table'].data])
        self.assertEqual(1, len(self.api.sent('GET', '/policies/p1')))

    def test_detail_of_an_unknown_policy_goes_back(self):
        resp = self.client.get(detail('nope'))
        self.assertRedirectsNoFollow(resp, INDEX)

    def test_create(self):
        self.api.on('POST', '/policies', {'policy': fakes.policy(
            'p1', 'energy', rules=ENERGY_RULES)})
        resp = self.client.post(CREATE, {
            'name': 'energy', 'description': 'one idle type-1 server',
            'proactive': 'on',
            'rules': '\r\n\r\n'.join(r.replace('\n', '\r\n')
                                     for r in ENERGY_RULES) + '\r\n \r\n'})
        self.assertNoFormErrors(resp)
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([({
            'name': 'energy', 'description': 'one idle type-1 server',
            'hard': False, 'proactive': True,
            'rules': [{'rule': r} for r in ENERGY_RULES]}, None)],
            self.api.sent('POST', '/policies'))

    def test_create_form_opens_in_a_modal(self):
        resp = self.client.get(CREATE, HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'id="create_policy_modal"')
        for field in resp.context['form'].fields.values():
            if field.help_text:
                self.assertContains(resp, help_icon(field), html=True)

    def test_simulate_form_opens_in_a_modal(self):
        self.api.on('GET', '/policies', {'policies': []})
        resp = self.client.get(SIMULATE,
                               HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'id="simulate_modal"')
        self.assertNotContains(resp, '<html')

    def test_invalid_policy_is_a_form_error(self):
        self.api.on('POST', '/policies', api.PromiseAPIError(
            400, 'InvalidPolicy', 'Invalid policy: line 1, column 12 of '
            'rule 2: unsafe variable x', {
                'error_code': 400, 'error_name': 'InvalidPolicy',
                'rule_index': 1, 'line': 1, 'column': 12,
                'variable': 'x'}))
        resp = self.client.post(CREATE, {
            'name': 'unsafe', 'rules': 'a(x) :- nova:node(x, t)\n\n'
                                       'error(x) :- nova:node(y, t)'})
        self.assertEqual(200, resp.status_code)
        errors = resp.context['form'].errors['rules']
        self.assertEqual(['rule 2, line 1, column 12, variable x: Invalid '
                          'policy: line 1, column 12 of rule 2: unsafe '
                          'variable x'], errors)
        self.assertContains(resp, 'rule 2, line 1, column 12, variable x')
        (body, _), = self.api.sent('POST', '/policies')
        self.assertEqual(['a(x) :- nova:node(x, t)',
                          'error(x) :- nova:node(y, t)'],
                         [r['rule'] for r in body['rules']])

    def test_duplicate_name_is_a_form_error(self):
        self.api.on('POST', '/policies', api.PromiseAPIError(
            409, 'Conflict', 'Policy ha exists'))
        resp = self.client.post(CREATE, {'name': 'ha'})
        self.assertEqual(200, resp.status_code)
        self.assertIn('Policy ha exists',
                      resp.context['form'].non_field_errors())

    def test_bad_name_is_refused_before_the_api(self):
        resp = self.client.post(CREATE, {'name': 'two words'})
        self.assertFormErrors(resp, 1)
        self.assertEqual([], self.api.sent('POST', '/policies'))

    def test_delete(self):
        self.api.on('GET', '/policies', {'policies': [
            fakes.policy('p1', 'energy')]})
        self.api.on('DELETE', '/policies/p1', None)
        resp = self.client.post(INDEX, {'action': 'policies__delete__p1'})
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([(None, None)],
                         self.api.sent('DELETE', '/policies/p1'))


    # Rules -----------------------------------------------------------------

    def _policy_with_rules(self):
        self.api.on('GET', '/policies/p1', {'policy': fakes.policy(
            'p1', 'energy', rules=ENERGY_RULES)})
        self.api.on('GET', '/policies/p1/violations', {'violations': []})

    def test_detail_offers_rule_deletion(self):
        self._policy_with_rules()
        resp = self.client.get(detail('p1'))
        self.assertContains(resp, 'rules__delete__p1-r1')

    def test_delete_rule(self):
        self._policy_with_rules()
        self.api.on('DELETE', '/policies/p1/rules/p1-r1', None)
        resp = self.client.post(detail('p1'),
                                {'action': 'rules__delete__p1-r1'})
        self.assertRedirectsNoFollow(resp, detail('p1'))
        self.assertEqual([(None, None)],
                         self.api.sent('DELETE', '/policies/p1/rules/p1-r1'))
        self.assertEqual([], self.api.sent('DELETE', '/policies/p1'))

    def test_delete_rules_of_the_policy_by_its_id(self):
        # The page may be opened by name; the rules are deleted under the
        # id of the policy they belong to.
        self.api.on('GET', '/policies/energy', {'policy': fakes.policy(
            'p1', 'energy', rules=ENERGY_RULES)})
        self.api.on('GET', '/policies/p1/violations', {'violations': []})
        self.api.on('DELETE', '/policies/p1/rules/p1-r0', None)
        self.api.on('DELETE', '/policies/p1/rules/p1-r1', None)
        resp = self.client.post(detail('energy'), {
            'action': 'rules__delete',
            'object_ids': ['p1-r0', 'p1-r1']})
        self.assertRedirectsNoFollow(resp, detail('energy'))
        self.assertEqual(
            [('DELETE', '/policies/p1/rules/p1-r0'),
             ('DELETE', '/policies/p1/rules/p1-r1')],
            [r[:2] for r in self.api.requests if r[0] == 'DELETE'])

    def test_refused_rule_deletion_is_reported(self):
        self._policy_with_rules()
        self.api.on('DELETE', '/policies/p1/rules/p1-r0',
                    api.PromiseAPIError(
                        409, 'Conflict', 'Policy energy would have no '
                        'error rule', {'error_code': 409,
                                       'error_name': 'Conflict',
                                       'error_message': 'Policy energy '
                                       'would have no error rule'}))
        resp = self.client.post(detail('p1'),
                                {'action': 'rules__delete__p1-r0'},
                                follow=True)
        self.assertEqual(200, resp.status_code)
        messages = [str(m) for m in resp.context['messages']]
        self.assertIn('Rule p1-r0: Policy energy would have no error rule',
                      messages)
        self.assertEqual(1, len(self.api.sent('DELETE',
                                              '/policies/p1/rules/p1-r0')))

    # Tables ----------------------------------------------------------------

    def test_tables_tab(self):
        self.api.on('GET', '/policy-tables', TABLES)
        resp = self.client.get(INDEX, {'tab': 'placement__tables'})
        self.assertEqual(200, resp.status_code)
        table = resp.context['policy_tables_table']
        rows = {r.datum['name']: [str(c.data) for c in r.cells.values()]
                for r in table.get_rows()}
        self.assertEqual(['anti_affinity_group', 'vm, group', '2'],
                         rows['anti_affinity_group'])
        self.assertContains(resp, table_url('nova:flavors'))
        self.assertEqual([(None, None)],
                         self.api.sent('GET', '/policy-tables'))

    def test_tables_tab_reports_an_error(self):
        self.api.on('GET', '/policy-tables', api.PromiseAPIError(
            403, 'Forbidden', 'not allowed'))
        resp = self.client.get(INDEX, {'tab': 'placement__tables'})
        self.assertEqual(200, resp.status_code)
        self.assertMessageCount(resp, error=1)

    def test_table_rows_under_its_columns(self):
        self.api.on('GET', '/policy-tables', TABLES)
        self.api.on('GET', '/policy-tables/anti_affinity_group', {
            'table': {'name': 'anti_affinity_group',
                      'rows': [['large.3.A', 'g1'], ['large.2.X2', 'g1']]}})
        resp = self.client.get(table_url('anti_affinity_group'))
        self.assertEqual(200, resp.status_code)
        table = resp.context['table']
        self.assertEqual(['vm', 'group'],
                         [str(c.verbose_name) for c in table.columns.values()
                          if c.name not in ('multi_select', 'actions')])
        self.assertEqual([['large.3.A', 'g1'], ['large.2.X2', 'g1']],
                         [[c.data for c in r.cells.values()]
                          for r in table.get_rows()])
        self.assertContains(resp, '<th class="sortable normal_column">'
                                  'group</th>', html=True)
        self.assertContains(resp, 'large.2.X2')

    def test_table_without_column_names_numbers_them(self):
        self.api.on('GET', '/policy-tables', TABLES)
        self.api.on('GET', '/policy-tables/server_utilization', {
            'table': {'name': 'server_utilization',
                      'rows': [['full-1', 100.0], ['full-2', 12.5]]}})
        resp = self.client.get(table_url('server_utilization'))
        self.assertEqual(200, resp.status_code)
        table = resp.context['table']
        self.assertEqual(['column 1', 'column 2'],
                         [str(c.verbose_name) for c in table.columns.values()])
        self.assertContains(resp, '12.5')

    def test_unknown_table_goes_back_to_the_tables(self):
        self.api.on('GET', '/policy-tables', TABLES)
        resp = self.client.get(table_url('nope'))
        self.assertRedirectsNoFollow(resp, INDEX + '?tab=placement__tables')

    # Simulation ------------------------------------------------------------

    def test_simulate_form(self):
        self.api.on('GET', '/policies', {'policies': [
            fakes.policy('p1', 'energy'), fakes.policy('p2', 'ha')]})
        resp = self.client.get(SIMULATE)
        self.assertEqual(200, resp.status_code)
        self.assertEqual([('energy', 'energy'), ('ha', 'ha')],
                         resp.context['form'].fields['policies'].choices)
        self.assertNotContains(resp, 'id="simulation_result"')
        self.assertContains(resp, SIMULATE)
        self.assertContains(resp, help_icon(
            resp.context['form'].fields['moves']), html=True)

    def test_simulate(self):
        self.api.on('GET', '/policies', {'policies': [
            fakes.policy('p1', 'energy'), fakes.policy('p2', 'ha')]})
        self.api.on('POST', '/policies/simulate', {'simulation': SIMULATION})
        resp = self.client.post(SIMULATE, {
            'moves': 'large.3.A -> other-1\r\n\r\n  large.2.X2->server-b ',
            'policies': ['energy', 'ha']})
        self.assertNoFormErrors(resp)
        self.assertEqual(200, resp.status_code)
        self.assertEqual([({'moves': [{'vm': 'large.3.A', 'to': 'other-1'},
                                      {'vm': 'large.2.X2',
                                       'to': 'server-b'}]},
                           {'policy': ['energy', 'ha']})],
                         self.api.sent('POST', '/policies/simulate'))
        table = resp.context['simulation_table']
        self.assertEqual(
            [('energy', 'Added', 'server-a'),
             ('energy', 'Added', 'server-b'),
             ('ha', 'Removed', 'g1, server-a')],
            [tuple(str(c.data) for c in r.cells.values())
             for r in table.get_rows()])
        self.assertContains(resp, 'id="simulation_result"')
        self.assertContains(resp, 'g1, server-a')
        self.assertContains(resp, 'other-1</p>')

    def test_simulate_every_policy(self):
        self.api.on('GET', '/policies', {'policies': []})
        self.api.on('POST', '/policies/simulate', {'simulation': {
            'violations_before': {}, 'violations_after': {}, 'added': {},
            'removed': {}, 'capacity_breaks': []}})
        resp = self.client.post(SIMULATE, {'moves': 'a -> b'})
        self.assertNoFormErrors(resp)
        self.assertEqual([({'moves': [{'vm': 'a', 'to': 'b'}]}, None)],
                         self.api.sent('POST', '/policies/simulate'))
        self.assertContains(resp, 'id="simulation_unchanged"')
        self.assertContains(resp, 'No server would be over its capacity.')

    def test_unknown_vm_is_a_form_error(self):
        self.api.on('GET', '/policies', {'policies': []})
        self.api.on('POST', '/policies/simulate', api.PromiseAPIError(
            400, 'BadRequest', 'Bad request: unknown VM ghost',
            {'error_code': 400, 'error_name': 'BadRequest',
             'error_message': 'Bad request: unknown VM ghost'}))
        resp = self.client.post(SIMULATE, {'moves': 'ghost -> server-a'})
        self.assertEqual(200, resp.status_code)
        self.assertIn('Bad request: unknown VM ghost',
                      resp.context['form'].non_field_errors())
        self.assertContains(resp, 'Bad request: unknown VM ghost')
        self.assertNotContains(resp, 'id="simulation_result"')

    def test_service_error_is_a_message(self):
        self.api.on('GET', '/policies', {'policies': []})
        self.api.on('POST', '/policies/simulate', api.PromiseAPIError(
            503, 'ServiceUnavailable', 'cannot reach the service'))
        resp = self.client.post(SIMULATE, {'moves': 'a -> b'})
        self.assertEqual(200, resp.status_code)
        self.assertMessageCount(resp, error=1)
        self.assertNotContains(resp, 'id="simulation_result"')

    def test_malformed_move_is_refused_before_the_api(self):
        self.api.on('GET', '/policies', {'policies': []})
        resp = self.client.post(SIMULATE, {'moves': 'a -> b\nc to d'})
        self.assertEqual(200, resp.status_code)
        self.assertEqual(['line 2: "c to d" is not "vm -> server"'],
                         resp.context['form'].errors['moves'])
        self.assertEqual([], self.api.sent('POST', '/policies/simulate'))


class ParseMovesTests(helpers.TestCase):

    def test_moves(self):
        self.assertEqual([{'vm': 'a', 'to': 'b'}, {'vm': 'c d', 'to': 'e'}],
                         forms.parse_moves(' a->b\n\n\tc d ->  e\n'))

    def test_not_moves(self):
        for text in ('a -> ', '-> b', 'a -> b -> c', 'a b'):
            self.assertRaises(ValueError, forms.parse_moves, text)


class InvalidPolicyTextTests(helpers.TestCase):

    def test_without_position(self):
        exc = api.PromiseAPIError(400, 'InvalidPolicy', 'recursion', {})
        self.assertEqual('recursion', forms.invalid_policy_text(exc))

    def test_split_rules(self):
        self.assertEqual(['a(x) :-\n b(x)', 'c(x) :- d(x)'],
                         forms.split_rules('\n a(x) :-\n b(x)\n\t\n\n'
                                           'c(x) :- d(x)\n'))
        self.assertEqual([], forms.split_rules('  \n '))


class MemberTests(helpers.TestCase):

    def test_members_cannot_open_it(self):
        fake = fakes.FakeAPI(self)
        resp = self.client.get(INDEX)
        self.assertNotEqual(200, resp.status_code)
        self.assertEqual([], fake.requests)
