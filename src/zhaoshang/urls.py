from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from zhaoshang.api.urls import api

urlpatterns = [
    path("", include("zhaoshang.core.urls")),
    path("org/", include("zhaoshang.org.urls")),
    path("projects/", include("zhaoshang.projects.urls")),
    path("targets/", include("zhaoshang.targets.urls")),
    path("reporting/", include("zhaoshang.reporting.urls")),
    path("bulletins/", include("zhaoshang.bulletins.urls")),
    path("spreadsheets/", include("zhaoshang.spreadsheets.urls")),
    path("casework/", include("zhaoshang.casework.urls")),
    path("assessment/", include("zhaoshang.assessment.urls")),
    path("inspections/", include("zhaoshang.inspections.urls")),
    path("audit/", include("zhaoshang.audit.urls")),
    path("trade/", include("zhaoshang.trade.urls")),
    path("dashboard/", include("zhaoshang.dashboard.urls")),
    path("meetings/", include("zhaoshang.meetings.urls")),
    path("portal/service/", include("zhaoshang.casework.public_urls")),
    path("portal/inspections/", include("zhaoshang.inspections.public_urls")),
    path("portal/", include("zhaoshang.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
