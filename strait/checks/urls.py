from django.urls import path

from strait.checks import views

app_name = "checks"

urlpatterns = [
    path("", views.checks, name="list"),
    path("new/", views.new, name="new"),
    path("<uuid:uid>/", views.check, name="check"),
    path("<uuid:uid>/details/<slug:agency>/", views.ask_details, name="ask_details"),
    path("incoming/", views.incoming_list, name="incoming_list"),
    path("incoming/<uuid:uid>/", views.incoming, name="incoming"),
    path("incoming/<uuid:uid>/decide/", views.decide, name="decide"),
    path("openings/", views.openings, name="openings"),
    path("openings/<uuid:uid>/remove/", views.opening_remove, name="opening_remove"),
]
