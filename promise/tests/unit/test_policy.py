from promise import context
from promise import exceptions
from promise import policy
from promise.tests import base


def _ctx(project, *roles):
    return context.RequestContext(user_id='u', project_id=project,
                                  roles=list(roles))


class TestPolicyDefaults(base.TestCase):
    def _allowed(self, ctx, action, project):
        try:
            policy.authorize(ctx, action, {'project_id': project})
            return True
        except exceptions.PolicyNotAuthorized:
            return False

    def test_personas(self):
        reader = _ctx('p1', 'reader')
        member = _ctx('p1', 'member', 'reader')
        other = _ctx('p2', 'member', 'reader')
        admin = _ctx('p9', 'admin', 'member', 'reader')
        self.assertTrue(self._allowed(reader, 'promise:leases:get', 'p1'))
        self.assertFalse(self._allowed(reader, 'promise:leases:create',
                                       'p1'))
        self.assertTrue(self._allowed(member, 'promise:leases:create', 'p1'))
        self.assertFalse(self._allowed(other, 'promise:leases:get', 'p1'))
        self.assertTrue(self._allowed(admin, 'promise:leases:delete', 'p1'))
        self.assertFalse(self._allowed(member, 'promise:os-hosts:get_all',
                                       'p1'))
        self.assertTrue(self._allowed(admin, 'promise:os-hosts:get_all',
                                      'p9'))

    def test_error_names_the_action(self):
        exc = self.assertRaises(exceptions.PolicyNotAuthorized,
                                policy.authorize, _ctx('p1', 'reader'),
                                'promise:leases:create')
        self.assertEqual(403, exc.code)
        self.assertIn('promise:leases:create', exc.message)
