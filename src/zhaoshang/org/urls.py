from django.urls import path

from zhaoshang.org import views

app_name = "org"
urlpatterns = [path("units/", views.units, name="units")]
