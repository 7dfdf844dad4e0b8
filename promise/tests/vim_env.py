"""The manager's instance machinery over the simulated VIM, in-process:
a default provider, its hosts, the instance service and the event
dispatch, on whatever database the test configured."""
import os
import time

import fixtures
import sqlalchemy as sa

from promise import context as promise_context
from promise.db import api as db_api
from promise.db import models
from promise.manager import host_sync
from promise.manager import instances
from promise.manager import providers
from promise.manager import vim_sync
from promise.vim import simulated

INSTANCES_DC = os.path.join(os.path.dirname(__file__), 'functional', 'api',
                            'instances-dc.yaml')


def member(project='p1'):
    return promise_context.RequestContext(
        user_id='u1', project_id=project, roles=['member', 'reader'],
        is_admin=False, overwrite=False)


class VIMEnvironment(fixtures.Fixture):
    def __init__(self, conf, topology=INSTANCES_DC, **options):
        super().__init__()
        self.conf = conf
        self.topology = topology
        self.options = dict({'boot_delay': 0.02, 'delete_delay': 0.02,
                             'migrate_delay': 0.02}, **options)

    def _setUp(self):
        self.conf.set_override('topology_file', self.topology,
                               group='simulated')
        self.driver = simulated.SimulatedDriver(self.topology,
                                                **self.options)
        self.registry = providers.Registry(
            on_event=lambda pid, ev: self.syncer.on_event(pid, ev))
        self.instances = instances.InstanceService(self.registry)
        self.syncer = vim_sync.Syncer(self.registry, self.instances)
        self.provider_id = providers.register_default()
        self.registry.add(self.provider_id, self.driver)
        host_sync.sync_hosts(self.driver, provider_id=self.provider_id)
        host_sync.sync_pools()
        self.registry.start()
        self.addCleanup(self.registry.stop)

    def wait_for(self, instance_id, *statuses, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            with db_api.reader() as session:
                row = session.get(models.Instance, instance_id)
                if row.status in statuses:
                    return row
            if time.monotonic() > deadline:
                raise AssertionError('instance %s is %s, not %s' %
                                     (instance_id, row.status, statuses))
            time.sleep(0.05)

    @staticmethod
    def host_id(name):
        with db_api.reader() as session:
            return session.execute(sa.select(models.Host.id).where(
                models.Host.hypervisor_hostname == name)).scalar()

    @staticmethod
    def outbox(*types):
        with db_api.reader() as session:
            query = sa.select(models.OutboxEvent.event_type,
                              models.OutboxEvent.resource_id,
                              models.OutboxEvent.payload).order_by(
                models.OutboxEvent.id)
            rows = session.execute(query).all()
        return [r for r in rows if not types or r[0] in types]
