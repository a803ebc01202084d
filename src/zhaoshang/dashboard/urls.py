from django.urls import path

from zhaoshang.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>-<int:month>/", views.detail, name="detail"),
    path("<int:year>-<int:month>/status/<slug:status>/", views.status, name="status"),
    path("<int:year>-<int:month>/projects/", views.projects, name="projects"),
]
