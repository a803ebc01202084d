from django.urls import path

from zhaoshang.reporting import return_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.periods, name="periods"),
    path("open/", views.period_open, name="open"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/close/", views.period_close, name="close"),
    path("<int:pk>/city-rank/", views.period_city_rank, name="city_rank"),
    path("<int:pk>/mine/", views.mine, name="mine"),
    path("returns/<int:pk>/", return_views.unit_return, name="return"),
    path("returns/<int:pk>/confirm/", return_views.confirm_unchanged, name="confirm"),
    path("returns/<int:pk>/verify/", return_views.verify, name="verify"),
    path("returns/<int:pk>/send-back/", return_views.send_back, name="send_back"),
    path("returns/<int:pk>/correct/", return_views.correct, name="correct"),
]
