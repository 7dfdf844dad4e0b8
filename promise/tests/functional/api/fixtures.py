"""Gabbi fixtures: the real WSGI app on a migrated SQLite database, with
the manager running in-process on oslo.messaging's fake driver."""
import datetime
import os
import time

import fixtures
from gabbi import fixture
from oslo_middleware import opts as middleware_opts

from promise import dates
from promise.api import app
from promise.db import models
from promise.manager import admission
from promise.manager import service as manager_service
from promise.tests import base


class _CurrentApp:
    """Gabbi builds its HTTP client when it loads the YAML, before any
    fixture runs; the real app is made when the first request arrives,
    with the configuration its fixture set."""

    app = None

    def __call__(self, environ, start_response):
        if _CurrentApp.app is None:
            _CurrentApp.app = app.setup_app()
        return _CurrentApp.app(environ, start_response)


def setup_app():
    return _CurrentApp()


class APIFixture(fixture.GabbiFixture):
    """Standalone-mode service: noauth, simulated mini NFV DC."""

    auth_strategy = 'noauth'

    def start_fixture(self):
        _CurrentApp.app = None
        self._fixtures = fixtures.Fixture()
        self._fixtures.setUp()
        conf = self._fixtures.useFixture(base.ConfFixture()).conf
        conf.set_override('auth_strategy', self.auth_strategy)
        conf.set_override('rpc_response_timeout', 5, group='api')
        if self.topology():
            conf.set_override('topology_file', self.topology(),
                              group='simulated')
        conf.set_override('event_interval', 1, group='manager')
        self._fixtures.useFixture(base.SQLiteDatabase())
        self.manager = manager_service.ManagerService(host='gabbi')
        self.manager.start()
        self._fixtures.addCleanup(self.manager.stop)
        # The body size limiter registers its options only when the app is
        # built, which is after configure() when a fixture runs first in
        # its test process.
        for group, opts in middleware_opts.list_opts_sizelimit():
            conf.register_opts(opts, group=group)
        self.configure(conf)

    def configure(self, conf):
        pass

    def topology(self):
        return None

    def stop_fixture(self):
        _CurrentApp.app = None
        self._fixtures.cleanUp()


class SmallDCFixture(APIFixture):
    """Three hosts (8+8+4 vCPU), so that figures can be checked by hand."""

    def topology(self):
        return os.path.join(os.path.dirname(__file__), 'small-dc.yaml')


class KeystoneAPIFixture(APIFixture):
    """auth_strategy=keystone, with no Keystone behind it: only errors
    that need no token validation can be checked with it."""

    auth_strategy = 'keystone'

    def configure(self, conf):
        conf.set_override('www_authenticate_uri', 'http://127.0.0.1:9/v3',
                          group='keystone_authtoken')
        conf.set_override('max_request_body_size', 1024,
                          group='oslo_middleware')


class SmallBodyLimitFixture(APIFixture):
    def configure(self, conf):
        conf.set_override('max_request_body_size', 1024,
                          group='oslo_middleware')


class AllocationsFixture(APIFixture):
    """APIFixture plus allocations written straight to the database, so
    that host and pool routes can be tested whatever the lease API does:

    - lease "running" (LEASE_RUNNING): reservation RES_HOSTS holds VCPU and
      MEMORY_MB on compute-001 and VCPU on compute-002 until tomorrow;
    - lease "finished" (LEASE_FINISHED): an allocation on compute-003 that
      ended yesterday;
    - pool "seeded" (custom: compute-010, compute-011, 64 vCPU) holds
      RES_POOL, 40 VCPU until tomorrow, in lease "pooled" (LEASE_POOLED).
    """

    LEASE_RUNNING = '11111111-1111-4111-8111-111111111111'
    LEASE_FINISHED = '22222222-2222-4222-8222-222222222222'
    LEASE_POOLED = '33333333-3333-4333-8333-333333333333'
    RES_HOSTS = '44444444-4444-4444-8444-444444444444'
    RES_FINISHED = '55555555-5555-4555-8555-555555555555'
    RES_POOL = '66666666-6666-4666-8666-666666666666'
    POOL = '77777777-7777-4777-8777-777777777777'

    def configure(self, conf):
        # The manager is running: write in turn with it.
        admission.run(self._seed)

    def _seed(self, session):
        now = dates.utcnow()
        day = datetime.timedelta(days=1)
        # Written before anything is read: on SQLite a transaction that
        # starts by reading fails, rather than waits, when the event runner
        # writes at the same moment.
        session.add(models.Pool(id=self.POOL, name='seeded',
                                kind='custom', generation=0))
        session.flush()
        ids = {h.hypervisor_hostname: h.id
               for h in session.query(models.Host)}
        for name in ('compute-010', 'compute-011'):
            session.add(models.PoolHost(pool_id=self.POOL,
                                        host_id=ids[name]))
        for lease_id, name, res_id, start, end, allocs in (
                (self.LEASE_RUNNING, 'running', self.RES_HOSTS,
                 now - day, now + day,
                 [('compute-001', None, 'VCPU', 32),
                  ('compute-001', None, 'MEMORY_MB', 131072),
                  ('compute-002', None, 'VCPU', 32)]),
                (self.LEASE_FINISHED, 'finished', self.RES_FINISHED,
                 now - 2 * day, now - day,
                 [('compute-003', None, 'VCPU', 8)]),
                (self.LEASE_POOLED, 'pooled', self.RES_POOL,
                 now - day, now + day,
                 [(None, self.POOL, 'VCPU', 40)])):
            lease = models.Lease(
                id=lease_id, name=name, user_id='promise',
                project_id='promise', start_date=start, end_date=end,
                status='ACTIVE', degraded=False, generation=0)
            lease.reservations.append(models.Reservation(
                id=res_id, resource_type='physical:host',
                resource_id=res_id, status='active', values={},
                missing_resources=False, resources_changed=False))
            session.add(lease)
            session.flush()
            for host, pool, rc, amount in allocs:
                session.add(models.Allocation(
                    reservation_id=res_id,
                    host_id=ids[host] if host else None,
                    pool_id=pool, resource_class=rc, amount=amount,
                    start_date=start, end_date=end))


class SubscriptionsFixture(SmallDCFixture):
    """Webhooks may call loopback addresses, and give up fast: a delivery
    to a closed port is dead after two quick attempts."""

    def configure(self, conf):
        for name, value in (('callback_allow_list', ['127.0.0.0/8']),
                            ('request_timeout', 1), ('max_attempts', 2),
                            ('backoff_base', 0.1), ('scan_interval', 0.2)):
            conf.set_override(name, value, group='notifications')


class PlacementExampleFixture(APIFixture):
    """The draft's worked example of policy-based placement, small: full
    type-1 servers, server-a at 62.5 % (two large.3 and large.2.X1),
    server-b at 37.5 % (large.2.X2, Y and Z), X1 and X2 in one HA group.
    Servers are booted through the simulated VIM driver."""

    SERVERS = (
        [('full-%d-%d' % (h, i), 'large.3', 'full-%d' % h, None)
         for h in (1, 2, 3) for i in range(4)] +
        [('large.3.A', 'large.3', 'server-a', None),
         ('large.3.B', 'large.3', 'server-a', None),
         ('large.2.X1', 'large.2', 'server-a', 'ha-1'),
         ('large.2.X2', 'large.2', 'server-b', 'ha-1'),
         ('large.2.Y', 'large.2', 'server-b', None),
         ('large.2.Z', 'large.2', 'server-b', None)])

    def topology(self):
        return os.path.join(os.path.dirname(__file__), 'placement-dc.yaml')

    def start_fixture(self):
        super().start_fixture()
        driver = self.manager.driver
        ids = []
        for name, flavor, host, group in self.SERVERS:
            metadata = {'ha_group': group} if group else {}
            ids.append(driver.create_server(name, flavor, host=host,
                                            metadata=metadata))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if all(driver.get_server(i).state == 'ACTIVE' for i in ids):
                return
            time.sleep(0.05)
        raise RuntimeError('the simulated servers did not become ACTIVE')
class InstancesFixture(APIFixture):
    """instances-dc with the simulated VIM booting in a few hundredths of
    a second; OTHER_DC_TOPOLOGY in the environment names a second
    topology for the providers tests."""

    def topology(self):
        return os.path.join(os.path.dirname(__file__), 'instances-dc.yaml')

    def start_fixture(self):
        os.environ['OTHER_DC_TOPOLOGY'] = os.path.join(
            os.path.dirname(__file__), 'other-dc.yaml')
        super().start_fixture()

    def configure(self, conf):
        for name, value in (('boot_delay', 0.05), ('delete_delay', 0.05),
                            ('migrate_delay', 0.05)):
            conf.set_override(name, value, group='simulated')
