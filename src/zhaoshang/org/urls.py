from django.urls import path

from zhaoshang.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
]
