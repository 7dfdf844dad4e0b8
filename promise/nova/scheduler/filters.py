"""PromiseFilter: keeps boots off the capacity Promise reservations need.

nova.conf of nova-scheduler::

    [filter_scheduler]
    available_filters = nova.scheduler.filters.all_filters
    available_filters = promise.nova.scheduler.filters.PromiseFilter
    enabled_filters = ComputeFilter,...,PromiseFilter

    [promise]
    auth_type = password
    ...                      # or auth_type = none + endpoint_override
    cache_ttl = 10
    fail_mode = open

Scheduler hints: ``promise:end`` (the instance's expected end: ISO 8601,
"YYYY-MM-DD HH:MM" or epoch seconds, UTC unless an offset is given; none
means open-ended), ``reservation`` (Blazar's: boot inside that
reservation) and ``promise:preemptible`` (true: may use reserved
capacity). See promise.nova.plan for what passes.
"""
import datetime
import math
import threading
import time

from keystoneauth1 import exceptions as ks_exc
import nova.conf
from nova.scheduler import filters
from nova.scheduler import utils as scheduler_utils
from oslo_log import log as logging
from oslo_utils import strutils

from promise.nova import client
from promise.nova import conf as promise_conf
from promise.nova import plan as plan_mod

LOG = logging.getLogger(__name__)

CONF = nova.conf.CONF
promise_conf.register_opts(CONF)

END_HINT = 'promise:end'
PREEMPTIBLE_HINT = 'promise:preemptible'
RESERVATION_HINT = 'reservation'
# HA (anti-affinity) groups of the new server, as placement policies read
# them: hosts where it would violate a proactive policy do not pass.
HA_GROUP_HINT = 'promise:ha_group'


def _single(value):
    # Nova keeps hints as lists of strings and unwraps one-item lists only.
    if isinstance(value, list):
        return value[0] if value else None
    return value


def parse_end(value):
    """Epoch seconds of the ``promise:end`` hint; infinity when absent.

    A hint that is not a date is taken as open-ended, the strictest
    reading, rather than as a reason to let the boot through."""
    value = _single(value)
    if value is None or str(value).strip() == '':
        return math.inf
    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    try:
        when = datetime.datetime.fromisoformat(
            str(value).strip().replace('Z', '+00:00'))
    except ValueError:
        LOG.warning('Scheduler hint %s=%r is not a date; the instance is '
                    'taken as open-ended', END_HINT, value)
        return math.inf
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.timestamp()


def flavor_amounts(spec_obj):
    """What the instance takes per resource class, as Placement counts
    it (swap is disk; a volume-backed root is not)."""
    flavor = spec_obj.flavor
    bfv = spec_obj.obj_attr_is_set('is_bfv') and spec_obj.is_bfv
    disk = (0 if bfv else flavor.root_gb) + flavor.ephemeral_gb + \
        math.ceil((flavor.swap or 0) / 1024)
    return {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.memory_mb,
            'DISK_GB': disk, 'INSTANCES': 1}


class PromiseFilter(filters.BaseHostFilter):
    """Pass hosts where the instance does not take reserved capacity."""

    RUN_ON_REBUILD = False

    def __init__(self):
        super().__init__()
        self._source = None
        self._source_lock = threading.Lock()
        # Filter objects are shared by concurrent scheduling requests;
        # each thread keeps the plan of the request it is filtering.
        self._local = threading.local()

    def _calendar(self):
        if self._source is None:
            with self._source_lock:
                if self._source is None:
                    try:
                        calendar_client = client.CalendarClient(CONF)
                    except ks_exc.ClientException as exc:
                        LOG.error('Cannot set up the Promise client from '
                                  '[%s] of nova.conf: %s',
                                  promise_conf.GROUP, exc)
                        return None
                    self._source = client.CalendarSource(
                        calendar_client, CONF.promise.cache_ttl)
        return self._source.get()

    def plan_for(self, spec_obj, calendar):
        reservation = _single(spec_obj.get_scheduler_hint(RESERVATION_HINT))
        preemptible = strutils.bool_from_string(
            _single(spec_obj.get_scheduler_hint(PREEMPTIBLE_HINT)),
            default=False)
        return plan_mod.Plan(
            calendar, time.time(), flavor_amounts(spec_obj),
            parse_end(spec_obj.get_scheduler_hint(END_HINT)),
            reservation=reservation or None, preemptible=preemptible,
            fail_open=CONF.promise.fail_mode == promise_conf.FAIL_OPEN)

    def _policy_client(self):
        if self._source is None:
            self._calendar()
        return self._source._client if self._source is not None else None

    def forbidden_for(self, spec_obj):
        """Hosts proactive placement policies forbid to this request: a
        set of names, or None when every host fails (fail-closed and
        Promise unreachable)."""
        groups = spec_obj.get_scheduler_hint(HA_GROUP_HINT)
        if not groups:
            return set()
        if isinstance(groups, str):
            groups = [groups]
        groups = [g.strip() for value in groups for g in value.split(',')
                  if g.strip()]
        calendar_client = self._policy_client()
        try:
            if calendar_client is None:
                raise client.Unavailable('no Promise client')
            return set(calendar_client.forbidden_hosts(
                flavor_amounts(spec_obj), groups))
        except client.Unavailable as exc:
            LOG.warning('Promise placement policies unavailable: %s', exc)
            if CONF.promise.fail_mode == promise_conf.FAIL_OPEN:
                return set()
            return None

    def _plan(self, spec_obj):
        # Every instance of a multi-instance request is filtered with the
        # same RequestSpec: the calendar is read once for all of them,
        # while the hosts' usage Nova updates between them still counts.
        cached = getattr(self._local, 'plan', None)
        if cached is not None and cached[0] is spec_obj:
            return cached[1]
        plan = self.plan_for(spec_obj, self._calendar())
        passes = plan.passes
        forbidden = self.forbidden_for(spec_obj)
        if forbidden is None:
            plan.passes = passes = lambda hs: False
        elif forbidden:
            plan.passes = passes = (
                lambda hs, check=plan.passes: hs.nodename not in forbidden
                and check(hs))
        self._local.plan = (spec_obj, plan, passes)
        return plan

    def filter_all(self, filter_obj_list, spec_obj):
        if scheduler_utils.request_is_rebuild(spec_obj):
            return list(filter_obj_list)
        plan = self._plan(spec_obj)
        passes = plan.passes
        hosts = [host for host in filter_obj_list if passes(host)]
        if not hosts and plan.reason:
            LOG.info('PromiseFilter passed no host: %s', plan.reason)
        return hosts

    def host_passes(self, host_state, spec_obj):
        # The per-host path: one lookup of the request's plan, then its
        # check, which bisects the host's calendar once.
        cached = getattr(self._local, 'plan', None)
        if cached is None or cached[0] is not spec_obj:
            return self._plan(spec_obj).passes(host_state)
        return cached[2](host_state)
