"""Wires the placement policies into the manager: measurement collector,
policy service, action plan runner, monitor and their RPC endpoint."""
import types

from oslo_log import log as logging

from promise import measurements
from promise.conf import CONF
from promise.manager import action_plans
from promise.manager import placement_endpoint
from promise.manager import placement_monitor
from promise.manager import placement_policies
from promise.manager import placement_snapshot
from promise.measurements import collector as collector_module
from promise.placement import datacentre

LOG = logging.getLogger(__name__)


class PlacementService:
    def __init__(self, driver):
        self.driver = driver
        source = measurements.load_source(
            CONF.placement.measurement_source, driver)
        self.collector = collector_module.Collector(
            source, CONF.placement.measurement_window)
        self.policies = placement_policies.PolicyService(driver,
                                                         self.collector)
        self.runner = action_plans.ActionPlanRunner(driver)
        self.monitor = placement_monitor.PolicyMonitor(
            self.policies, CONF.placement.evaluation_interval)
        self.endpoint = placement_endpoint.PlacementEndpoint(
            self.policies, self.runner, self.check_request)
        self._unsubscribe = None

    def check_request(self, context, values):
        """check_instance for a size given as numbers (the Nova filter's
        question)."""
        flavor = types.SimpleNamespace(
            name=None, vcpus=values['vcpus'], ram=values['memory_mb'],
            disk=values.get('disk_gb', 0))
        return self.check_instance(context, self.driver, flavor,
                                   values.get('ha_groups') or [])

    def check_instance(self, context, driver, flavor, groups):
        """Hosts a proactive policy forbids to a new VM of ``flavor`` in
        ``groups``: {host name: policy name}."""
        size = {datacentre.VCPU: flavor.vcpus,
                datacentre.MEMORY_MB: flavor.ram,
                datacentre.DISK_GB: flavor.disk}
        return placement_policies.forbidden_hosts(
            context, lambda: placement_snapshot.take(driver), size, groups,
            flavor.name)

    def start(self):
        try:
            self._unsubscribe = self.driver.subscribe(self._on_vim_event)
        except NotImplementedError:
            LOG.info('The VIM driver reports no events: placement '
                     'policies are evaluated on the timer only')
        self.monitor.start()

    def _on_vim_event(self, event):
        if event.event_type in placement_monitor.TRIGGERS:
            self.collector.invalidate()
        self.monitor.on_vim_event(event)

    def stop(self):
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.monitor.stop()
