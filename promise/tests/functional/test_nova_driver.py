"""The nova VIM driver against the real Nova.

The scenarios run in a child process (see nova_stack) with Nova's
in-process functional base: the real compute API behind wsgi-intercept,
conductor, scheduler, Placement and two fake-driver computes. NovaDriver
reaches that API with python-novaclient over a keystoneauth1 session
whose endpoint is the test API's; the test API trusts the identity
headers the session sends, as Nova's own functional tests do.

Every versioned notification Nova emitted during the scenarios is
translated in the child and written to a file; the parent then publishes
those payloads on the real RabbitMQ and receives them through the
driver's notification listener.
"""
import json
import os
import threading
import time
import uuid

import fixtures
import testtools

from promise.tests.functional import nova_stack
from promise.tests.functional import services

# The image of Nova's GlanceFixture that its functional tests boot.
IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
WAIT = 30


class TestNovaDriver(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.Timeout(
            int(os.environ.get('OS_TEST_TIMEOUT', 240)), gentle=True))

    def test_driver_and_nova_notifications(self):
        services.require_port(self, 'rabbit')
        captured = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                'notifications.json')
        nova_stack.run_child(self, __name__,
                             'test_inventory,test_server_lifecycle',
                             captured)
        with open(captured) as f:
            notifications = json.load(f)
        self._check_listener(notifications)

    def _check_listener(self, notifications):
        """Nova's own payloads, published on RabbitMQ as Nova publishes
        them, come out of the driver's listener as VIMEvents."""
        from oslo_config import cfg
        from oslo_config import fixture as config_fixture
        import oslo_messaging as messaging

        from promise.vim import base
        from promise.vim import nova as nova_driver
        from promise.vim import nova_notifications

        suffix = uuid.uuid4().hex[:8]
        topic, exchange = 'nova-versioned-%s' % suffix, 'nova-%s' % suffix
        pools = ['promise-%s' % suffix, 'other-%s' % suffix]
        # Runs last: the queues outlive their consumers on the shared
        # broker (the notifier declares topic.priority queues as well).
        self.addCleanup(_delete_from_broker, exchange, pools + [
            '%s.%s' % (topic, p) for p in ('info', 'error')])
        # Two managers sharing the deployment's pool, and another consumer
        # of the topic with a pool of its own.
        shared, other = [], []
        lock = threading.Lock()

        def listening(pool, received):
            driver = nova_driver.NovaDriver(config={
                'endpoint': 'http://127.0.0.1:9', 'timeout': 1,
                'notification_transport_url': services.RABBIT_URL,
                'notification_topic': topic,
                'notification_exchange': exchange,
                'notification_pool': pool})

            def collect(event):
                with lock:
                    received.append(event)
            driver.subscribe(collect)
            driver.start()
            self.addCleanup(driver.stop)
            return driver
        first = listening(pools[0], shared)
        listening(pools[0], shared)
        listening(pools[1], other)
        # A cancelled subscription receives nothing more.
        cancelled = []
        first.subscribe(cancelled.append)()

        # As Nova's notifier sends them: topic.priority on Nova's exchange
        # (its control_exchange; the test's own one here), the payload a
        # serialized versioned object.
        messaging.get_notification_transport(
            cfg.CONF, url=services.RABBIT_URL).cleanup()
        self.useFixture(config_fixture.Config(cfg.CONF)).config(
            control_exchange=exchange)
        transport = messaging.get_notification_transport(
            cfg.CONF, url=services.RABBIT_URL)
        self.addCleanup(transport.cleanup)
        expected = []
        for note in notifications:
            notifier = messaging.Notifier(
                transport, publisher_id=note['publisher_id'],
                driver='messagingv2', topics=[topic])
            getattr(notifier, note['priority'].lower())(
                {}, note['event_type'], note['payload'])
            event = nova_notifications.translate(note['event_type'],
                                                 note['payload'])
            if event is not None:
                expected.append((event.event_type, event.server_id,
                                 event.state))

        def got(received):
            with lock:
                return sorted(((e.event_type, e.server_id, e.state)
                               for e in received), key=repr)
        deadline = time.monotonic() + WAIT
        while (len(got(shared)) < len(expected) or
               len(got(other)) < len(expected)) and \
                time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # room for a duplicate, were there one
        expected.sort(key=repr)
        # Each notification once in the shared pool, once in the other.
        self.assertEqual(expected, got(shared))
        self.assertEqual(expected, got(other))
        self.assertEqual([], cancelled)
        kinds = {kind for kind, _, _ in expected}
        for kind in (base.INSTANCE_CREATE_END, base.INSTANCE_DELETE_END,
                     base.INSTANCE_LIVE_MIGRATION_END, base.SERVICE_UPDATE,
                     base.INSTANCE_SHELVE_END, base.INSTANCE_CREATE_ERROR,
                     base.INSTANCE_UPDATE):
            self.assertIn(kind, kinds)


def _delete_from_broker(exchange, queues):
    import kombu
    url = services.RABBIT_URL.replace('rabbit://', 'amqp://', 1)
    with kombu.Connection(url) as conn:
        channel = conn.channel()
        for queue in queues:
            channel.queue_delete(queue)
        channel.exchange_delete(exchange)


# -- what runs in the child ---------------------------------------------

def _scenarios(captured):
    from keystoneauth1 import noauth
    from keystoneauth1 import session as ks_session

    from promise.vim import base
    from promise.vim import nova as nova_driver
    from promise.vim import nova_notifications
    from promise.vim import nova_settings

    class Scenarios(nova_stack.two_fake_computes()):

        def setUp(self):
            # As the admin guide asks of Nova: instance.update on every
            # vm_state and task_state change.
            self.flags(notify_on_state_change='vm_and_task_state',
                       group='notifications')
            super().setUp()
            self.addCleanup(self._save_notifications)

        def _save_notifications(self):
            saved = []
            if os.path.exists(captured):
                with open(captured) as f:
                    saved = json.load(f)
            with open(captured, 'w') as f:
                json.dump(saved + list(self.notifier.versioned_notifications),
                          f)

        def driver(self, **settings):
            fixture = self.api_fixture
            # The identity the test API's stubbed keystone middleware
            # reads; Placement's noauth2 reads the token.
            session = ks_session.Session(
                auth=noauth.NoAuth(endpoint=fixture.base_url),
                additional_headers={
                    'X-Auth-User': 'admin', 'X-User-Id': 'admin',
                    'X-Auth-Project-Id': fixture.project_id,
                    'X-Roles': 'reader,member,admin',
                    'X-Auth-Token': 'admin'})
            return nova_driver.NovaDriver(
                session=session,
                settings=nova_settings.Settings(
                    placement_endpoint_override=self.placement_fixture
                    .endpoint, **settings))

        def nova(self, url, version='latest'):
            api = self.admin_api
            self.addCleanup(setattr, api, 'microversion', api.microversion)
            api.microversion = version
            return api.api_get(url).body

        def events(self, event_type=None):
            events = [nova_notifications.translate(
                n['event_type'], n['payload'], nodes_of=lambda h: [h])
                for n in self.notifier.versioned_notifications]
            return [e for e in events if e is not None and
                    (event_type is None or e.event_type == event_type)]

        def wait_for(self, driver, server_id, predicate, what):
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    server = driver.get_server(server_id)
                except base.ServerNotFound:
                    server = None
                if predicate(server):
                    return server
                if time.monotonic() > deadline:
                    self.fail('%s: server %s is %s' % (what, server_id,
                                                       server))
                time.sleep(0.1)

        # -- inventory ------------------------------------------------

        def test_inventory(self):
            driver = self.driver()
            hypervisors = self.nova('/os-hypervisors/detail',
                                    '2.87')['hypervisors']
            hosts = {h.hypervisor_hostname: h for h in driver.list_hosts()}
            self.assertEqual(set(nova_stack.HOSTS), set(hosts))
            for hyp in hypervisors:
                host = hosts[hyp['hypervisor_hostname']]
                self.assertEqual(
                    (hyp['vcpus'], hyp['memory_mb'], hyp['local_gb'],
                     hyp['hypervisor_type'], hyp['service']['host'],
                     hyp['state']),
                    (host.vcpus, host.memory_mb, host.local_gb,
                     host.hypervisor_type, host.service_name, host.state))
                self.assertEqual('nova', host.availability_zone)
            self.assertEqual(
                (nova_stack.FAKE_VCPUS, nova_stack.FAKE_MEMORY_MB,
                 nova_stack.FAKE_LOCAL_GB),
                (hosts['host1'].vcpus, hosts['host1'].memory_mb,
                 hosts['host1'].local_gb))

            # From Placement: inventories and their allocation ratios.
            placed = {h.hypervisor_hostname: h for h in self.driver(
                resource_source=nova_settings.PLACEMENT).list_hosts()}
            for name, host in placed.items():
                rp = self.placement.get(
                    '/resource_providers?name=%s' % name).body[
                    'resource_providers'][0]
                inv = self.placement.get(
                    '/resource_providers/%s/inventories' % rp['uuid']
                ).body['inventories']
                self.assertEqual(
                    (inv['VCPU']['total'] - inv['VCPU']['reserved'],
                     inv['MEMORY_MB']['total'] -
                     inv['MEMORY_MB']['reserved']),
                    (host.vcpus, host.memory_mb))
                self.assertEqual(inv['VCPU']['allocation_ratio'],
                                 host.allocation_ratios['VCPU'])

            flavors = self.nova('/flavors/detail')['flavors']
            self.assertEqual(
                sorted((f['id'], f['name'], f['vcpus'], f['ram'], f['disk'])
                       for f in flavors),
                sorted((f.id, f.name, f.vcpus, f.ram, f.disk)
                       for f in driver.list_flavors()))

            self.assertEqual(
                {(h, 'up', 'enabled', None) for h in nova_stack.HOSTS},
                {(s.host, s.state, s.status, s.reason)
                 for s in driver.list_services()})
            by_host = {s['host']: s for s in self.nova(
                '/os-services?binary=nova-compute')['services']}
            self.admin_api.api_put(
                '/os-services/%s' % by_host['host2']['id'],
                {'status': 'disabled', 'disabled_reason': 'maintenance'})
            self.admin_api.api_put(
                '/os-services/%s' % by_host['host1']['id'],
                {'forced_down': True})
            self.assertEqual(
                {('host1', 'down', 'enabled', None),
                 ('host2', 'up', 'disabled', 'maintenance')},
                {(s.host, s.state, s.status, s.reason)
                 for s in driver.list_services()})

            # A boot pinned to the disabled host: the scheduler refuses it.
            refused = driver.create_server('vnf-0', 'm1.tiny', image=IMAGE,
                                           host='host2')
            server = self.wait_for(driver, refused,
                                   lambda s: s.state == base.ERROR and s.fault,
                                   'boot on a disabled host')
            self.assertIn('No valid host', server.fault)
            self.notifier.wait_for_versioned_notifications(
                'compute_task.build_instances.error')
            error = [e for e in self.events(base.INSTANCE_CREATE_ERROR)
                     if e.server_id == refused]
            self.assertEqual([(base.ERROR, server.fault)],
                             [(e.state, e.fault) for e in error])

            # What Nova notified of these changes.
            changes = {(e.host, e.state, e.payload['status'],
                        e.payload['reason'])
                       for e in self.events(base.SERVICE_UPDATE)}
            self.assertIn(('host2', 'up', 'disabled', 'maintenance'),
                          changes)
            self.assertIn(('host1', 'down', 'enabled', None), changes)

        # -- servers --------------------------------------------------

        def test_server_lifecycle(self):
            driver = self.driver()
            self.assertGreaterEqual(driver.version.get_string(), '2.74')
            server_id = driver.create_server(
                'vnf-1', 'm1.small', image=IMAGE, host='host2',
                metadata={'lease': 'l-1'},
                scheduler_hints={'group_hint': 'x'})
            server = self.wait_for(driver, server_id,
                                   lambda s: s.state == base.ACTIVE,
                                   'boot')
            self.assertEqual(
                ('vnf-1', 'host2', 'm1.small', 1, 2048, 20, {'lease': 'l-1'},
                 self.api_fixture.project_id),
                (server.name, server.host, server.flavor, server.vcpus,
                 server.memory_mb, server.disk_gb, server.metadata,
                 server.project_id))
            self.assertIn(server_id, {s.id for s in driver.list_servers()})

            # Pinned through the availability zone, by flavor id.
            az_driver = self.driver(
                host_pinning=nova_settings.PIN_AVAILABILITY_ZONE)
            other_id = az_driver.create_server('vnf-2', '1', image=IMAGE,
                                               host='host1')
            other = self.wait_for(driver, other_id,
                                  lambda s: s.state == base.ACTIVE,
                                  'boot in zone:host')
            self.assertEqual(('host1', 'm1.tiny'),
                             (other.host, other.flavor))

            driver.live_migrate_server(server_id, 'host1')
            self.wait_for(driver, server_id,
                          lambda s: (s.state, s.host) ==
                          (base.ACTIVE, 'host1'), 'live migration')

            # Nova keeps shelved servers on their host: the driver offloads.
            self.flags(shelved_offload_time=-1)
            driver.shelve_server(other_id)
            shelved = self.wait_for(driver, other_id,
                                    lambda s: s.state == base.SHELVED and
                                    s.host is None, 'shelve')
            self.assertEqual('vnf-2', shelved.name)
            actions = self.nova('/servers/%s/os-instance-actions'
                                % other_id)['instanceActions']
            self.assertEqual(['create', 'shelve', 'shelveOffload'],
                             sorted(a['action'] for a in actions))

            driver.delete_server(server_id)
            self.wait_for(driver, server_id, lambda s: s is None, 'delete')
            self.assertRaises(base.ServerNotFound, driver.get_server,
                              server_id)
            self.assertRaises(base.ServerNotFound, driver.delete_server,
                              server_id)

            # Refusals carry Nova's message.
            self.assertRaises(base.FlavorNotFound, driver.create_server,
                              'vnf-3', 'm1.nonexistent', image=IMAGE)
            err = self.assertRaises(base.VIMError,
                                    driver.live_migrate_server, other_id,
                                    'host2')
            self.assertIn('shelved_offloaded', str(err))

            # A build that fails on its pinned host.
            def fail_spawn(*args, **kwargs):
                raise RuntimeError('hypervisor refused the guest')
            self.stub_out('nova.virt.fake.FakeDriver.spawn', fail_spawn)
            failed_id = driver.create_server('vnf-4', 'm1.tiny',
                                             image=IMAGE, host='host2')
            failed = self.wait_for(driver, failed_id,
                                   lambda s: s.state == base.ERROR and s.fault,
                                   'failed boot')
            self.assertEqual(
                self.nova('/servers/%s' % failed_id)['server']['fault'][
                    'message'], failed.fault)
            self.assertIn('Exhausted all hosts', failed.fault)
            self.notifier.wait_for_versioned_notifications(
                'instance.create.error')

            self._check_translation(server_id, other_id, failed_id)

        def _check_translation(self, server_id, other_id, failed_id):
            """Nova's own notifications of the flows above."""
            def first(event_type, sid):
                for event in self.events(event_type):
                    if event.server_id == sid:
                        return event
                self.fail('no %s for %s in %s' % (
                    event_type, sid, [n['event_type'] for n in
                                      self.notifier.versioned_notifications]))

            created = first(base.INSTANCE_CREATE_END, server_id)
            self.assertEqual((base.ACTIVE, 'host2'),
                             (created.state, created.host))
            self.assertEqual('m1.small', created.payload['flavor'][
                'nova_object.data']['name'])
            migrated = first(base.INSTANCE_LIVE_MIGRATION_END, server_id)
            self.assertEqual((base.ACTIVE, 'host1'),
                             (migrated.state, migrated.host))
            offloaded = first(base.INSTANCE_SHELVE_END, other_id)
            self.assertEqual((base.SHELVED, None),
                             (offloaded.state, offloaded.host))
            deleted = first(base.INSTANCE_DELETE_END, server_id)
            self.assertEqual(base.DELETED, deleted.state)
            error = first(base.INSTANCE_CREATE_ERROR, failed_id)
            self.assertEqual(base.ERROR, error.state)
            self.assertIn('hypervisor refused the guest', error.fault)
            states = [e.state for e in self.events(base.INSTANCE_UPDATE)
                      if e.server_id == server_id]
            self.assertIn(base.BUILDING, states)
            self.assertIn(base.MIGRATING, states)

    return Scenarios


def run_scenario(names, captured):
    return nova_stack.run_tests(_scenarios(captured), names)
