from django.urls import path

from zhaoshang.inspections import public_views

app_name = "verify"
urlpatterns = [
    path("", public_views.check, name="check"),
    path("rate/", public_views.rate, name="rate"),
    path("report/", public_views.report, name="report"),
    path("protected/", public_views.protected, name="protected"),
]
