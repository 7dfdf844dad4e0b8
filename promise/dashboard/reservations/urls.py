from django.urls import re_path

from promise.dashboard.reservations import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateLeaseView.as_view(), name='create'),
    re_path(r'^instances/create/$', views.CreateInstanceView.as_view(),
            name='create_instance'),
]
