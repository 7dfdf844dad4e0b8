"""Horizon's test settings with the Promise panels enabled."""
from openstack_dashboard import enabled
from openstack_dashboard.test.settings import *  # noqa: F403
from openstack_dashboard.utils import settings as settings_utils

from promise.dashboard import enabled as promise_enabled

# Load Horizon's enabled files again, with ours: drop what the first
# load added so that no application is installed twice.
_plugins = HORIZON_CONFIG.pop('plugins', [])  # noqa: F405
INSTALLED_APPS = [a for a in INSTALLED_APPS  # noqa: F405
                  if a not in _plugins]
settings_utils.update_dashboards([enabled, promise_enabled],
                                 HORIZON_CONFIG, INSTALLED_APPS)  # noqa: F405
PROMISE_API_URL = 'http://promise.test:1234/'
# Run by stestr, not Django's runner: no test database is made, and none
# is needed (sessions live in signed cookies).
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',
                         'NAME': ':memory:'}}
