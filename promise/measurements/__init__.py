"""Utilization measurements: sources loaded by name from the
promise.measurement.sources namespace, and the collector that averages
their samples over a window."""
from stevedore import driver as stevedore_driver

NAMESPACE = 'promise.measurement.sources'


def load_source(name, vim_driver):
    mgr = stevedore_driver.DriverManager(
        NAMESPACE, name, invoke_on_load=True,
        invoke_kwds={'vim_driver': vim_driver})
    return mgr.driver
