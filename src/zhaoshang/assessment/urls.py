from django.urls import path

from zhaoshang.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/", views.save_scheme, name="save_scheme"),
    path("schemes/<int:pk>/", views.scheme, name="scheme"),
    path("schemes/<int:pk>/yaml/", views.scheme_yaml, name="scheme_yaml"),
    path("runs/", views.run_scheme, name="run_scheme"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("results/<int:pk>/", views.sheet, name="sheet"),
    path("results/<int:pk>/objection/", views.object_, name="object"),
    path("objections/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/deduction/", views.add_deduction, name="add_deduction"),
    path("ledger/measure/", views.add_measure, name="add_measure"),
]
