from django.urls import path

from zhaoshang.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<int:year>-<int:month>/", views.detail, name="detail"),
    path("<int:year>-<int:month>/units/<str:code>/", views.unit_drilldown, name="drilldown"),
]
