from django.urls import reverse
from openstack_dashboard.test import helpers

from promise.dashboard import api
from promise.dashboard.tests.unit import fakes

INDEX = reverse('horizon:admin:action_plans:index')
AUDIT = reverse('horizon:admin:action_plans:audit')


def detail(plan_id):
    return reverse('horizon:admin:action_plans:detail', args=(plan_id,))


def row_actions(resp, table='action_plans_table'):
    table = resp.context[table]
    return {row.datum['id']: sorted(a.name for a in
                                    table.get_row_actions(row.datum))
            for row in table.get_rows()}


class ActionPlansTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)

    def test_index_lists_plans_with_actions_by_state(self):
        done = fakes.plan('p3', 'SUCCEEDED')
        for move in done['moves']:
            move['state'] = 'SUCCEEDED'
        self.api.on('GET', '/action-plans', {'action_plans': [
            fakes.plan('p1'), fakes.plan('p2', 'APPROVED'), done,
            fakes.plan('p4', 'ONGOING')]})
        resp = self.client.get(INDEX)
        self.assertEqual(200, resp.status_code)
        self.assertEqual({'p1': ['approve', 'cancel'],
                          'p2': ['cancel', 'execute'],
                          'p3': [], 'p4': []}, row_actions(resp))
        rows = {r.datum['id']: r for r in
                resp.context['action_plans_table'].get_rows()}
        self.assertEqual(
            ['0 / 2', 2, 1],
            [rows['p1'].cells[c].data for c in ('moves', 'migrations',
                                               'hosts_freed')])
        self.assertEqual('2 / 2', rows['p3'].cells['moves'].data)
        # Only the running plan's row is polled by Horizon's JavaScript.
        self.assertEqual(['p4'], [k for k, r in rows.items()
                                  if r.status is None])
        self.assertContains(resp, detail('p1'))
        self.assertContains(resp, AUDIT)
        self.assertEqual([(None, None)], self.api.sent('GET',
                                                       '/action-plans'))

    def test_ajax_row_update(self):
        self.api.on('GET', '/action-plans/p4', {'action_plan': fakes.plan(
            'p4', 'SUCCEEDED')})
        resp = self.client.get(INDEX, {
            'action': 'row_update', 'table': 'action_plans',
            'obj_id': 'p4'}, HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'SUCCEEDED')
        self.assertContains(resp, 'id="action_plans__row__p4"')
        self.assertEqual(1, len(self.api.sent('GET', '/action-plans/p4')))

    def _act(self, plan, action, url=INDEX):
        self.api.on('GET', '/action-plans', {'action_plans': [plan]})
        self.api.on('GET', '/action-plans/%s' % plan['id'],
                    {'action_plan': plan})
        self.api.on('POST', '/action-plans/%s/%s' % (plan['id'], action),
                    {'action_plan': plan})
        return self.client.post(url, {
            'action': 'action_plans__%s__%s' % (action, plan['id'])})

    def test_approve(self):
        resp = self._act(fakes.plan('p1'), 'approve')
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([(None, None)],
                         self.api.sent('POST', '/action-plans/p1/approve'))

    def test_execute_from_the_detail_page(self):
        resp = self._act(fakes.plan('p1', 'APPROVED'), 'execute',
                         detail('p1'))
        self.assertRedirectsNoFollow(resp, detail('p1'))
        self.assertEqual([(None, None)],
                         self.api.sent('POST', '/action-plans/p1/execute'))

    def test_cancel(self):
        resp = self._act(fakes.plan('p1', 'APPROVED'), 'cancel')
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual(1, len(self.api.sent('POST',
                                              '/action-plans/p1/cancel')))

    def test_action_not_allowed_by_state_is_not_sent(self):
        resp = self._act(fakes.plan('p1', 'SUCCEEDED'), 'execute')
        self.assertEqual(302, resp.status_code)
        self.assertEqual([], self.api.sent('POST',
                                           '/action-plans/p1/execute'))

    def test_refused_action_is_reported(self):
        plan = fakes.plan('p1', 'APPROVED')
        self.api.on('GET', '/action-plans', {'action_plans': [plan]})
        self.api.on('POST', '/action-plans/p1/execute', api.PromiseAPIError(
            409, 'PlanStateConflict', 'Action plan p1 is ONGOING'))
        resp = self.client.post(INDEX, {
            'action': 'action_plans__execute__p1'}, follow=True)
        messages = [str(m) for m in resp.context['messages']]
        self.assertTrue(any('Action plan p1 is ONGOING' in m
                            for m in messages), messages)

    def test_detail_of_a_running_plan(self):
        plan = fakes.plan('p1', 'ONGOING')
        plan['moves'][0]['state'] = 'SUCCEEDED'
        plan['moves'][1]['state'] = 'ONGOING'
        self.api.on('GET', '/action-plans/p1', {'action_plan': plan})
        resp = self.client.get(detail('p1'))
        self.assertEqual(200, resp.status_code)
        moves = resp.context['moves_table'].data
        self.assertEqual([(1, 'large.3.A', 'server-a', 'server-b',
                           'SUCCEEDED'),
                          (2, 'large.2.X2', 'server-a', 'server-b',
                           'ONGOING')],
                         [(m['number'], m['vm'], m['from'], m['to'],
                           m['state']) for m in moves])
        self.assertContains(resp, '<meta http-equiv="refresh" content="5">')
        self.assertContains(resp, 'id="plan_progress"')
        efficacy = dict((str(k), v) for k, v in resp.context['efficacy'])
        self.assertEqual(2, efficacy['Migrations'])
        self.assertEqual(1, efficacy['Hosts freed'])
        self.assertEqual('energy: 2', efficacy['Violations before'])
        self.assertContains(resp, 'Lower bound on migrations')
        self.assertEqual({'p1': []}, row_actions(resp))

    def test_detail_of_a_recommended_plan(self):
        self.api.on('GET', '/action-plans/p1', {'action_plan': fakes.plan(
            'p1')})
        resp = self.client.get(detail('p1'))
        self.assertEqual(200, resp.status_code)
        self.assertNotContains(resp, 'http-equiv="refresh"')
        self.assertEqual({'p1': ['approve', 'cancel']}, row_actions(resp))
        self.assertContains(resp, 'action_plans__approve__p1')

    def test_detail_of_an_unknown_plan_goes_back(self):
        resp = self.client.get(detail('nope'))
        self.assertRedirectsNoFollow(resp, INDEX)


class AuditTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI(self)
        self.api.on('GET', '/policies', {'policies': [
            fakes.policy('p1', 'energy'), fakes.policy('p2', 'ha')]})

    def test_form_offers_the_policies(self):
        resp = self.client.get(AUDIT)
        self.assertEqual(200, resp.status_code)
        self.assertEqual([('energy', 'energy'), ('ha', 'ha')],
                         list(resp.context['form'].fields[
                             'policies'].choices))

    def test_form_opens_in_a_modal(self):
        resp = self.client.get(AUDIT, HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, resp.status_code)
        self.assertContains(resp, 'id="audit_modal"')
        self.assertNotContains(resp, '<html')

    def test_audit_of_some_policies_recommends_a_plan(self):
        self.api.on('POST', '/audits', {'audit': {
            'violations': {'energy': [['server-a'], ['server-b']]},
            'action_plan': fakes.plan('p9')}})
        resp = self.client.post(AUDIT, {
            'policies': ['energy'], 'scope': 'all', 'tie_break': 'spread'})
        self.assertNoFormErrors(resp)
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([({'policies': ['energy'], 'scope': {'mode': 'all'},
                            'tie_break': 'spread'}, None)],
                         self.api.sent('POST', '/audits'))
        self.assertMessageCount(success=1)

    def test_audit_of_every_policy_with_nothing_to_do(self):
        self.api.on('POST', '/audits', {'audit': {'violations': {},
                                                  'action_plan': None}})
        resp = self.client.post(AUDIT, {'scope': 'violating',
                                        'tie_break': 'pack'})
        self.assertRedirectsNoFollow(resp, INDEX)
        self.assertEqual([({'scope': {'mode': 'violating'},
                            'tie_break': 'pack'}, None)],
                         self.api.sent('POST', '/audits'))
        self.assertMessageCount(info=1)

    def test_audit_without_plan_is_a_form_error(self):
        self.api.on('POST', '/audits', api.PromiseAPIError(
            409, 'Conflict', 'no plan: hard policy ha cannot hold'))
        resp = self.client.post(AUDIT, {'scope': 'violating',
                                        'tie_break': 'pack'})
        self.assertEqual(200, resp.status_code)
        self.assertIn('no plan: hard policy ha cannot hold',
                      resp.context['form'].non_field_errors())

    def test_unknown_policy_choice_is_refused_before_the_api(self):
        resp = self.client.post(AUDIT, {'policies': ['gone'],
                                        'scope': 'all', 'tie_break': 'pack'})
        self.assertFormErrors(resp, 1)
        self.assertEqual([], self.api.sent('POST', '/audits'))
