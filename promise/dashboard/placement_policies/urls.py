from django.urls import re_path

from promise.dashboard.placement_policies import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^simulate/$', views.SimulateView.as_view(), name='simulate'),
    re_path(r'^tables/(?P<table_name>[^/]+)/$', views.TableView.as_view(),
            name='table'),
    re_path(r'^(?P<policy_id>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
]
