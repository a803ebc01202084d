from django.urls import path

from zhaoshang.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/add/", views.add, name="add"),
    path("<int:pk>/pack/", views.pack, name="pack"),
    path("<int:pk>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/close/", views.resolution_close, name="resolution_close"),
    path("stops/<int:pk>/account/", views.stop_account, name="account"),
    path("stops/<int:pk>/checkin/", views.stop_checkin, name="checkin"),
    path(
        "stops/<int:pk>/<str:direction>/",
        views.stop_move,
        name="move",
    ),
]
