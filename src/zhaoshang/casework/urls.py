from django.urls import path

from zhaoshang.casework import service_views, views
from zhaoshang.core import inbox

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.register, name="register"),
    path("stats/", views.stats, name="stats"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/", views.callback_record, name="callback_record"),
    path("commitments/", service_views.commitments, name="commitments"),
    path("agency/", service_views.agency, name="agency"),
    path("agency/<int:pk>/", service_views.ledger, name="ledger"),
    # The inbox belongs to core; mounted here until core/urls.py routes it.
    path("inbox/", inbox.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:verb>/", views.act, name="act"),
]
