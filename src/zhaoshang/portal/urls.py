from django.urls import path

from zhaoshang.portal import views
from zhaoshang.portal.feeds import LatestDocumentsFeed

app_name = "portal"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("feed.atom", LatestDocumentsFeed(), name="feed"),
    path("upload/", views.upload, name="upload"),
    path("d/<str:public_id>/", views.document_detail, name="detail"),
    path("d/<str:public_id>/download/", views.download, name="download"),
    path("d/<str:public_id>/preview/<int:page>.png", views.preview, name="preview"),
    path("d/<str:public_id>/withdraw/", views.withdraw, name="withdraw"),
]
