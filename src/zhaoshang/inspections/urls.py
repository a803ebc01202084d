from django.urls import path

from zhaoshang.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.enterprises, name="enterprises"),
    path("enterprises/new/", views.enterprise_new, name="enterprise_new"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/status/", views.enterprise_status, name="enterprise_status"),
    path("protections/", views.protections, name="protections"),
    path(
        "protections/<int:pk>/renew/",
        views.protection_change,
        {"op": "renew"},
        name="protection_renew",
    ),
    path(
        "protections/<int:pk>/remove/",
        views.protection_change,
        {"op": "remove"},
        name="protection_remove",
    ),
    path("filings/", views.filings, name="filings"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("filings/<int:pk>/", views.filing, name="filing"),
    path("filings/<int:pk>/approve/", views.filing_decide, {"op": "approve"}, name="approve"),
    path("filings/<int:pk>/refuse/", views.filing_decide, {"op": "refuse"}, name="refuse"),
    path("filings/merge/", views.merge, name="merge"),
    path("stats/", views.stats, name="stats"),
]
