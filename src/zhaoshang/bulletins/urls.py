from django.urls import path

from zhaoshang.bulletins import publish_views, views

app_name = "bulletins"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<int:year>-<int:month>/", views.detail, name="detail"),
    path("<int:year>-<int:month>/units/<str:code>/", views.unit_drilldown, name="drilldown"),
    path("<int:year>-<int:month>/draft/", publish_views.draft, name="draft"),
    path("<int:year>-<int:month>/publish/", publish_views.publish, name="publish"),
    path("jobs/<int:pk>/", publish_views.job, name="job"),
    path("published/<int:pk>/", publish_views.published, name="published"),
    path("published/<int:pk>/<str:kind>/", publish_views.download, name="download"),
]
