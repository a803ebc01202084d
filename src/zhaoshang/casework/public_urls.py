from django.urls import path

from zhaoshang.casework import public_views

app_name = "service"
urlpatterns = [
    path("", public_views.request_form, name="request"),
    path("track/", public_views.track, name="track"),
    path("track/rate/", public_views.rate, name="rate"),
    path("commitments/", public_views.commitments, name="commitments"),
]
