"""Database access: transactions through oslo.db's enginefacade.

Every write runs in one ``writer`` transaction; readers may use a
(possibly asynchronous) ``reader`` transaction.
"""
from oslo_db.sqlalchemy import enginefacade

from promise.conf import CONF  # noqa: F401  (registers [database] defaults)
from promise.db import models

context_manager = enginefacade.transaction_context()
context_manager.configure(sqlite_fk=True)


class _Context:
    """A bare context for work that no request started (start-up, timers)."""


enginefacade.transaction_context_provider(_Context)


def internal_context():
    return _Context()


def reader(context=None):
    return context_manager.reader.using(context or _Context())


def writer(context=None):
    return context_manager.writer.using(context or _Context())


def get_engine():
    return context_manager.writer.get_engine()


def dispose_engine():
    """Forget the engine, e.g. after a fork or a test changing [database]."""
    global context_manager
    context_manager = enginefacade.transaction_context()
    context_manager.configure(sqlite_fk=True)


# Hosts ----------------------------------------------------------------------

def host_get(context, host_id):
    with reader(context) as session:
        host = session.get(models.Host, host_id)
        if host is None:
            host = session.query(models.Host).filter_by(
                hypervisor_hostname=host_id).first()
        return host


def host_list(context):
    with reader(context) as session:
        return (session.query(models.Host)
                .order_by(models.Host.hypervisor_hostname).all())


def host_create(context, values, inventories=(), capabilities=None):
    """Create a host with its inventories and extra capabilities."""
    with writer(context) as session:
        host = models.Host(**values)
        for inv in inventories:
            host.inventories.append(models.HostInventory(**inv))
        for name, value in (capabilities or {}).items():
            host.extra_capabilities.append(models.HostExtraCapability(
                capability_name=name, capability_value=str(value)))
        session.add(host)
        session.flush()
        return host


def host_count(context):
    with reader(context) as session:
        return session.query(models.Host).count()


# Leases ---------------------------------------------------------------------

def lease_get(context, lease_id):
    with reader(context) as session:
        return session.get(models.Lease, lease_id)


def lease_list(context, project_id=None):
    with reader(context) as session:
        query = session.query(models.Lease)
        if project_id is not None:
            query = query.filter_by(project_id=project_id)
        return query.order_by(models.Lease.created_at,
                              models.Lease.id).all()
