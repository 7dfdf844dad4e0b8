from django.urls import re_path

from promise.dashboard.action_plans import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^audit/$', views.AuditView.as_view(), name='audit'),
    re_path(r'^(?P<plan_id>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
]
