"""URLs of the governance app."""

from django.urls import path

from strait.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bodies/<uuid:uid>/", views.body, name="body"),
]
