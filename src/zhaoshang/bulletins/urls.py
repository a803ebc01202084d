from django.urls import path

from zhaoshang.bulletins import views

app_name = "bulletins"
urlpatterns = [path("", views.latest, name="latest")]
