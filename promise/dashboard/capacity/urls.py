from django.urls import re_path

from promise.dashboard.capacity import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^timeline\.svg$', views.timeline_svg, name='timeline_svg'),
]
