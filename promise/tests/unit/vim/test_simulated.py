import os
import queue
import threading

from promise.tests import base
from promise.vim import base as vim_base
from promise.vim import simulated

SMALL_DC = os.path.join(os.path.dirname(__file__), '..', '..', 'functional',
                        'api', 'small-dc.yaml')


class TestSimulatedDriver(base.TestCase):
    def driver(self, **options):
        options.setdefault('boot_delay', 0)
        options.setdefault('delete_delay', 0)
        options.setdefault('migrate_delay', 0)
        driver = simulated.SimulatedDriver(SMALL_DC, **options)
        self.events = queue.Queue()
        driver.subscribe(self.events.put)
        driver.start()
        self.addCleanup(driver.stop)
        return driver

    def next_event(self, *types):
        while True:
            event = self.events.get(timeout=10)
            if not types or event.event_type in types:
                return event

    def test_boot_then_delete(self):
        driver = self.driver()
        server_id = driver.create_server('vm', 'large.2', host='server-a',
                                         metadata={'project_id': 'p'})
        self.assertEqual(vim_base.INSTANCE_UPDATE,
                         self.next_event().event_type)
        event = self.next_event(vim_base.INSTANCE_CREATE_END)
        self.assertEqual((server_id, 'server-a', vim_base.ACTIVE),
                         (event.server_id, event.host, event.state))
        info = driver.get_server(server_id)
        self.assertEqual((4, 16384, 'p'), (info.vcpus, info.memory_mb,
                                           info.project_id))
        driver.delete_server(server_id)
        event = self.next_event(vim_base.INSTANCE_DELETE_END)
        self.assertEqual(vim_base.DELETED, event.state)
        self.assertRaises(vim_base.ServerNotFound, driver.get_server,
                          server_id)
        self.assertEqual([], driver.list_servers())

    def test_unknown_flavor_and_host_are_refused(self):
        driver = self.driver()
        self.assertRaises(vim_base.FlavorNotFound, driver.create_server,
                          'vm', 'huge')
        self.assertRaises(vim_base.VIMError, driver.create_server,
                          'vm', 'large.2', host='nowhere')
        self.assertRaises(vim_base.ServerNotFound, driver.delete_server,
                          'nope')

    def test_full_host_errors(self):
        driver = self.driver()
        # server-c has 4 vCPU: the second large.2 does not fit.
        driver.create_server('one', 'large.2', host='server-c')
        self.assertEqual(vim_base.ACTIVE, self.next_event(
            vim_base.INSTANCE_CREATE_END).state)
        driver.create_server('two', 'large.2', host='server-c')
        event = self.next_event(vim_base.INSTANCE_CREATE_END,
                                vim_base.INSTANCE_CREATE_ERROR)
        self.assertEqual(vim_base.INSTANCE_CREATE_ERROR, event.event_type)
        self.assertIn('no room', event.fault)

    def test_failure_rate_is_seedable(self):
        def outcomes(seed):
            driver = self.driver(boot_failure_rate=0.5, seed=seed)
            states = []
            for i in range(8):
                driver.create_server('vm%d' % i, 'large.2',
                                     host='server-a' if i % 2 else
                                     'server-b')
                states.append(self.next_event(
                    vim_base.INSTANCE_CREATE_END,
                    vim_base.INSTANCE_CREATE_ERROR).state)
                # Free the host again for the next one.
                driver.delete_server(driver.list_servers()[0].id)
                self.next_event(vim_base.INSTANCE_DELETE_END)
            return states
        first = outcomes(42)
        self.assertEqual(first, outcomes(42))
        self.assertIn(vim_base.ERROR, first)
        self.assertIn(vim_base.ACTIVE, first)

    def test_failing_and_down_hosts(self):
        driver = self.driver()
        driver.set_host_failing('server-a')
        driver.create_server('vm', 'large.2', host='server-a')
        event = self.next_event(vim_base.INSTANCE_CREATE_ERROR)
        self.assertIn('server-a', event.fault)
        driver.set_host_state('server-b', 'down', reason='power')
        event = self.next_event(vim_base.SERVICE_UPDATE)
        self.assertEqual(('server-b', 'down'), (event.host, event.state))
        services = {s.host: s for s in driver.list_services()}
        self.assertEqual('down', services['server-b'].state)
        hosts = {h.hypervisor_hostname: h for h in driver.list_hosts()}
        self.assertEqual('down', hosts['server-b'].state)
        driver.create_server('vm2', 'large.2', host='server-b')
        self.assertIn('down', self.next_event(
            vim_base.INSTANCE_CREATE_ERROR).fault)
        driver.set_host_state('server-b', 'up')
        self.assertEqual('up', self.next_event(
            vim_base.SERVICE_UPDATE).state)

    def test_migrate_and_shelve(self):
        driver = self.driver()
        server_id = driver.create_server('vm', 'large.2', host='server-a')
        self.next_event(vim_base.INSTANCE_CREATE_END)
        driver.live_migrate_server(server_id, 'server-b')
        event = self.next_event(vim_base.INSTANCE_LIVE_MIGRATION_END)
        self.assertEqual('server-b', event.host)
        self.assertEqual('server-a', event.payload['source_host'])
        driver.set_host_failing('server-a')
        driver.live_migrate_server(server_id, 'server-a')
        event = self.next_event(vim_base.INSTANCE_LIVE_MIGRATION_ERROR)
        self.assertEqual('server-b', driver.get_server(server_id).host)
        driver.shelve_server(server_id)
        event = self.next_event(vim_base.INSTANCE_SHELVE_END)
        self.assertEqual((vim_base.SHELVED, None), (event.state, event.host))

    def test_delays_make_operations_asynchronous(self):
        driver = self.driver(boot_delay=0.3)
        server_id = driver.create_server('vm', 'large.2', host='server-a')
        self.assertEqual(vim_base.BUILDING, driver.get_server(server_id).state)
        self.next_event(vim_base.INSTANCE_CREATE_END)
        self.assertEqual(vim_base.ACTIVE, driver.get_server(server_id).state)

    def test_stop_drops_pending_work(self):
        driver = self.driver(boot_delay=0.3)
        driver.create_server('vm', 'large.2', host='server-a')
        self.next_event(vim_base.INSTANCE_UPDATE)
        driver.stop()
        self.assertRaises(queue.Empty, self.events.get, timeout=0.6)

    def test_parallel_boots_are_safe(self):
        driver = self.driver()
        ids = []

        def boot():
            for _ in range(10):
                ids.append(driver.create_server('vm', 'large.2'))
        threads = [threading.Thread(target=boot) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        done = [self.next_event(vim_base.INSTANCE_CREATE_END,
                                vim_base.INSTANCE_CREATE_ERROR)
                for _ in range(40)]
        active = [e for e in done if e.state == vim_base.ACTIVE]
        # 8 + 8 + 4 vCPU: five large.2 at most, never more.
        self.assertEqual(5, len(active))
        self.assertEqual(40, len(set(ids)))

    def test_unknown_option_is_refused(self):
        self.assertRaises(vim_base.VIMError, simulated.SimulatedDriver,
                          SMALL_DC, boot_dealy=1)
