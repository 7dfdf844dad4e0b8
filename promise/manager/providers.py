"""Providers: the VIM endpoints Promise allocates on, one driver each.

A provider names a driver of the promise.vim.drivers namespace and the
configuration handed to it (endpoint, credentials). At start the manager
registers the default provider from [vim] driver, so that a deployment
with one VIM never has to name it.
"""
import threading

from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa
from stevedore import driver as stevedore_driver
from stevedore import extension

from promise import exceptions
from promise import vim
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models

LOG = logging.getLogger(__name__)

PROVIDERS = models.Provider.__table__
HOSTS = models.Host.__table__
INSTANCES = models.Instance.__table__

DEFAULT_NAME = 'default'
# Instances in these states no longer hold anything.
GONE = ('DELETED',)


def driver_names():
    return sorted(extension.ExtensionManager(vim.NAMESPACE).names())


def load(driver, config):
    """A driver instance for a provider's driver name and config."""
    try:
        mgr = stevedore_driver.DriverManager(
            vim.NAMESPACE, driver, invoke_on_load=True,
            invoke_kwds=dict(config or {}))
    except stevedore_driver.NoMatches:
        raise exceptions.ValidationError(
            reason='unknown driver %r; known: %s' %
            (driver, ', '.join(driver_names())))
    except exceptions.PromiseException:
        raise
    except Exception as exc:
        raise exceptions.ValidationError(
            reason='driver %s cannot be set up with this config: %s' %
            (driver, exc))
    return mgr.driver


class Registry:
    """One loaded driver per provider, subscribed to its events."""

    def __init__(self, on_event=None):
        self._lock = threading.Lock()
        self._drivers = {}
        self._cancels = {}
        self._on_event = on_event
        self._started = False

    def add(self, provider_id, driver):
        with self._lock:
            self._drivers[provider_id] = driver
            if self._on_event is not None:
                self._cancels[provider_id] = driver.subscribe(
                    lambda event: self._on_event(provider_id, event))
            started = self._started
        if started:
            driver.start()

    def get(self, provider_id):
        with self._lock:
            driver = self._drivers.get(provider_id)
        if driver is None:
            driver = self._load(provider_id)
        return driver

    def _load(self, provider_id):
        # A provider another manager made since this one started.
        with db_api.reader() as session:
            row = session.get(models.Provider, provider_id)
            if row is None:
                raise exceptions.NotFound(object='Provider', id=provider_id)
            driver = load(row.driver, row.config)
        self.add(provider_id, driver)
        return driver

    def remove(self, provider_id):
        with self._lock:
            driver = self._drivers.pop(provider_id, None)
            cancel = self._cancels.pop(provider_id, None)
        if cancel is not None:
            cancel()
        if driver is not None:
            driver.stop()

    def items(self):
        with self._lock:
            return list(self._drivers.items())

    def start(self):
        with self._lock:
            self._started = True
            drivers = list(self._drivers.values())
        for driver in drivers:
            driver.start()

    def stop(self):
        with self._lock:
            self._started = False
            drivers = list(self._drivers.values())
            cancels = list(self._cancels.values())
            self._cancels = {}
        for cancel in cancels:
            cancel()
        for driver in drivers:
            driver.stop()


def default_id(session):
    return session.execute(sa.select(PROVIDERS.c.id).where(
        PROVIDERS.c.is_default.is_(True)).order_by(
        PROVIDERS.c.created_at)).scalars().first()


def register_default():
    """The provider of [vim] driver, made if missing; returns its id.
    Hosts registered before providers existed are given to it."""
    with db_api.writer() as session:
        provider_id = default_id(session)
        if provider_id is None:
            row = models.Provider(name=DEFAULT_NAME, driver=CONF.vim.driver,
                                  config={}, is_default=True)
            session.add(row)
            try:
                session.flush()
            except db_exc.DBDuplicateEntry:
                raise exceptions.Conflict(
                    reason='a provider named %s exists but is not the '
                           'default' % DEFAULT_NAME)
            provider_id = row.id
        session.execute(HOSTS.update().where(
            HOSTS.c.provider_id.is_(None)).values(
            provider_id=provider_id, updated_at=HOSTS.c.updated_at))
    return provider_id


def resolve(session, ref):
    """A provider row by id or name; the default one when ``ref`` is
    None."""
    if ref is None:
        ref = default_id(session)
        if ref is None:
            raise exceptions.ValidationError(
                reason='there is no default provider: give provider_id')
    row = session.get(models.Provider, ref)
    if row is None:
        row = session.query(models.Provider).filter_by(name=ref).first()
    if row is None:
        raise exceptions.NotFound(object='Provider', id=ref)
    return row


def create(registry, values):
    driver = load(values['driver'], values.get('config'))
    try:
        with db_api.writer() as session:
            row = models.Provider(name=values['name'],
                                  driver=values['driver'],
                                  config=values.get('config') or {},
                                  is_default=False)
            session.add(row)
            session.flush()
            provider_id = row.id
    except db_exc.DBDuplicateEntry:
        driver.stop()
        raise exceptions.Conflict(reason='a provider named %s exists' %
                                  values['name'])
    registry.add(provider_id, driver)
    LOG.info('Provider %s (%s, driver %s) registered', values['name'],
             provider_id, values['driver'])
    return provider_id


def delete(registry, ref):
    with db_api.writer() as session:
        row = resolve(session, ref)
        hosts = session.execute(sa.select(sa.func.count()).where(
            HOSTS.c.provider_id == row.id)).scalar()
        live = session.execute(sa.select(sa.func.count()).where(
            INSTANCES.c.provider_id == row.id,
            INSTANCES.c.status.not_in(GONE))).scalar()
        if hosts or live:
            raise exceptions.Conflict(
                reason='provider %s is in use by %d host(s) and %d '
                       'instance(s)' % (row.name, hosts, live))
        session.execute(INSTANCES.delete().where(
            INSTANCES.c.provider_id == row.id))
        provider_id = row.id
        session.delete(row)
    registry.remove(provider_id)
    return provider_id
