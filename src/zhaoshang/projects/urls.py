from django.urls import path

from zhaoshang.projects import views

app_name = "projects"
urlpatterns = [path("", views.list, name="list")]
