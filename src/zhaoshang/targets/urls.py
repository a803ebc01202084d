from django.urls import path

from zhaoshang.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.list, name="list"),
    path("baseline/", views.baseline, name="baseline"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adjust/", views.adjust, name="adjust"),
]
