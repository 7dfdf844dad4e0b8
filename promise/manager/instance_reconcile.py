"""Instances against what the VIM reports (OPNFV Promise: resource allocation,
steps 7a-10b, when an event went missing): the periodic poll compares each
live instance of a provider with the server ``list_servers()`` shows and,
where they differ, builds the event the VIM would have sent, so that the
instance goes through the same transitions and capacity changes as when
the event arrives.

Instances are read before the servers are listed: a server recorded
before the listing and missing from it is really gone, while one booted
after it is not looked at until the next poll. An instance with no server
recorded yet (INITIALIZED) may have a boot in flight; it is only looked
at once [instances] boot_grace_period has passed.
"""
import datetime

from oslo_log import log as logging
import sqlalchemy as sa

from promise import dates
from promise.conf import CONF
from promise.db import api as db_api
from promise.db import models
from promise.vim import base as vim_base

LOG = logging.getLogger(__name__)

INSTANCES = models.Instance.__table__
HOSTS = models.Host.__table__

# Instance statuses the VIM may have moved on from without Promise
# hearing of it.
WATCHED = ('INITIALIZED', 'BUILDING', 'ACTIVE', 'DELETING', 'SHELVED',
           'ERROR')


def _event(event_type, server_id, host=None, state=None, fault=None):
    return vim_base.VIMEvent(
        event_type=event_type, server_id=server_id, host=host, state=state,
        fault=fault, payload={'uuid': server_id, 'state': state,
                              'host': host, 'reconciled': True})


def missed_event(status, host, server_id, server):
    """The event that brings an instance (``status`` on ``host``, a
    hypervisor name) where its server ``server_id`` is (``server``, a
    ServerInfo, or None when the VIM no longer has it); None when they
    agree or no event would."""
    if server is None or server.state == vim_base.DELETED:
        return _event(vim_base.INSTANCE_DELETE_END, server_id,
                      state=vim_base.DELETED)
    state = server.state
    if status in ('INITIALIZED', 'BUILDING'):
        if state == vim_base.ACTIVE:
            return _event(vim_base.INSTANCE_CREATE_END, server.id,
                          host=server.host, state=state)
        if state == vim_base.ERROR:
            return _event(vim_base.INSTANCE_CREATE_ERROR, server.id,
                          host=server.host, state=state,
                          fault=server.fault or 'the boot failed')
        if state == vim_base.BUILDING and status == 'INITIALIZED':
            return _event(vim_base.INSTANCE_UPDATE, server.id,
                          host=server.host, state=state)
    elif status == 'ACTIVE':
        if state == vim_base.SHELVED:
            return _event(vim_base.INSTANCE_SHELVE_END, server.id,
                          state=state)
        if state == vim_base.ACTIVE and server.host and \
                server.host != host:
            return _event(vim_base.INSTANCE_LIVE_MIGRATION_END, server.id,
                          host=server.host, state=state)
    return None


def _rows(provider_id):
    hosts = HOSTS.alias()
    with db_api.reader() as session:
        return session.execute(
            sa.select(INSTANCES.c.id, INSTANCES.c.status,
                      INSTANCES.c.server_id, INSTANCES.c.created_at,
                      hosts.c.hypervisor_hostname.label('host'))
            .select_from(INSTANCES.outerjoin(
                hosts, hosts.c.id == INSTANCES.c.host_id))
            .where(INSTANCES.c.provider_id == provider_id,
                   INSTANCES.c.status.in_(WATCHED))).all()


def _really_gone(driver, server_id):
    """Asked by id: a listing that lost servers (a VIM answering a short
    page, say) must not delete instances that still run."""
    try:
        server = driver.get_server(server_id)
    except vim_base.ServerNotFound:
        return True
    except vim_base.VIMError as exc:
        LOG.warning('Server %s missing from the listing and not '
                    'readable: %s', server_id, exc)
        return False
    return server.state == vim_base.DELETED


def plan(provider_id, driver, now=None):
    """What the poll repairs: ([(instance id, VIMEvent)], [(instance
    id, server id)] servers to record, [instance id] with no server past
    the grace period)."""
    now = now or dates.utcnow()
    rows = _rows(provider_id)
    if not rows:
        return [], [], []
    servers = {s.id: s for s in driver.list_servers()}
    by_instance = {s.metadata.get('promise_instance_id'): s
                   for s in servers.values() if s.metadata}
    grace = datetime.timedelta(seconds=CONF.instances.boot_grace_period)
    events, adopted, lost = [], [], []
    for row in rows:
        server_id = row.server_id
        if server_id is None:
            if row.status != 'INITIALIZED' or row.created_at > now - grace:
                continue
            server = by_instance.get(row.id)
            if server is None:
                lost.append(row.id)
                continue
            # create_server answered but its answer was never recorded.
            adopted.append((row.id, server.id))
            server_id = server.id
        server = servers.get(server_id)
        if server is None and not _really_gone(driver, server_id):
            continue
        event = missed_event(row.status, row.host, server_id, server)
        if event is not None:
            events.append((row.id, event))
    return events, adopted, lost
