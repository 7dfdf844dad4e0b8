"""VIM drivers, loaded by name from the promise.vim.drivers namespace."""
from stevedore import driver as stevedore_driver

from promise.conf import CONF

NAMESPACE = 'promise.vim.drivers'


def load_driver(name=None):
    name = name or CONF.vim.driver
    mgr = stevedore_driver.DriverManager(NAMESPACE, name,
                                         invoke_on_load=True)
    return mgr.driver
