from promise import context
from promise import exceptions
from promise import policy
from promise.tests import base


def _ctx(project, *roles):
    return context.RequestContext(user_id='u', project_id=project,
                                  roles=list(roles))


class TestInventoryPolicies(base.TestCase):
    def _allowed(self, ctx, action):
        try:
            policy.authorize(ctx, action)
            return True
        except exceptions.PolicyNotAuthorized:
            return False

    def test_hosts_are_for_administrators(self):
        member = _ctx('p1', 'member', 'reader')
        admin = _ctx('p9', 'admin', 'member', 'reader')
        for action in ('get_all', 'get', 'create', 'update', 'delete',
                       'get_allocations', 'get_resource_properties'):
            rule = 'promise:os-hosts:%s' % action
            self.assertFalse(self._allowed(member, rule), rule)
            self.assertTrue(self._allowed(admin, rule), rule)

    def test_pools_are_read_by_any_reader(self):
        reader = _ctx('p1', 'reader')
        member = _ctx('p2', 'member', 'reader')
        nobody = _ctx('p3')
        admin = _ctx('p9', 'admin', 'member', 'reader')
        for action in ('get_all', 'get'):
            rule = 'promise:pools:%s' % action
            self.assertTrue(self._allowed(reader, rule))
            self.assertTrue(self._allowed(member, rule))
            self.assertFalse(self._allowed(nobody, rule))
        for action in ('create', 'update', 'delete'):
            rule = 'promise:pools:%s' % action
            self.assertFalse(self._allowed(member, rule))
            self.assertTrue(self._allowed(admin, rule))
