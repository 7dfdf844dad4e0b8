"""VIM drivers, loaded by name from the promise.vim.drivers namespace."""
from stevedore import driver as stevedore_driver

NAMESPACE = 'promise.vim.drivers'


def load_driver(name=None):
    # Imported here: drivers must be importable where another service owns
    # the global configuration (a driver tested inside Nova's tests).
    from promise.conf import CONF
    name = name or CONF.vim.driver
    mgr = stevedore_driver.DriverManager(NAMESPACE, name,
                                         invoke_on_load=True)
    return mgr.driver
