from django.urls import path

from zhaoshang.reporting import views

app_name = "reporting"
urlpatterns = [path("", views.periods, name="periods")]
