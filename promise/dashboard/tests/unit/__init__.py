"""Unit tests of the dashboard, on Horizon's test settings."""
import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE',
                      'promise.dashboard.tests.unit.settings')

import django  # noqa: E402
from django.test import utils  # noqa: E402

django.setup()
utils.setup_test_environment()
