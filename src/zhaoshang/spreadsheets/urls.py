from django.urls import path

from zhaoshang.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("targets/download/", views.download_targets, name="targets_download"),
    path("projects/download/", views.download_projects, name="projects_download"),
    path("returns/<int:pk>/download/", views.download_return, name="return_download"),
    path("returns/<int:pk>/upload/", views.upload_return, name="return_upload"),
    path(
        "returns/<int:pk>/upload/<int:batch>/confirm/",
        views.confirm_return,
        name="return_confirm",
    ),
    path("books/<str:kind>/download/", views.download_book, name="book_download"),
    path("books/<str:kind>/upload/", views.upload_book, name="book_upload"),
    path("books/<str:kind>/upload/<int:batch>/confirm/", views.confirm_book, name="book_confirm"),
]
