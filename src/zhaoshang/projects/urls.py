from django.urls import path

from zhaoshang.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/stage/", views.stage, name="stage"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("checkins/<int:pk>/photo/", views.checkin_photo, name="checkin_photo"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
]
