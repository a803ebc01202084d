from django.urls import path

from zhaoshang.targets import views

app_name = "targets"
urlpatterns = [path("", views.list, name="list")]
