from django.urls import reverse
from openstack_dashboard.test import helpers

from promise.dashboard import api
from promise.dashboard.placement_policies import forms
from promise.dashboard.tests.unit import fakes

INDEX = reverse('horizon:admin:placement_policies:index')
CREATE = reverse('horizon:admin:placement_policies:create')
ENERGY_RULES = (
    'underused(server) :- nova:node(server, "type1"),\n'
    '  server_utilization(server, util), lt(util, 50)',
    'error(server) :- underused(server), underused(other),\n'
    '  neq(server, other)')


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
