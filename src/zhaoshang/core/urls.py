from django.contrib.auth import views as auth_views
from django.urls import path

from zhaoshang.core import views
from zhaoshang.org.views import Login

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", Login.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
]
