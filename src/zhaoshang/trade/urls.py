from django.urls import path

from zhaoshang.trade import views

app_name = "trade"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("figures/", views.figures, name="figures"),
    path("import/", views.import_page, name="import"),
]
