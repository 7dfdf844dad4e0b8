from django.apps import AppConfig


class PromiseDashboardConfig(AppConfig):
    name = 'promise.dashboard'
    # "dashboard" alone is taken by Horizon.
    label = 'promise_dashboard'
    verbose_name = 'Promise'
