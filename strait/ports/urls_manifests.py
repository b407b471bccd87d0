"""URLs of the manifests: a centre's sailings and the upload, a sailing's result page and its
progress fragment."""

from django.urls import path

from strait.ports import manifest_views

urlpatterns = [
    path("centres/<uuid:uid>/manifests/", manifest_views.manifests, name="manifests"),
    path("manifests/<uuid:uid>/", manifest_views.sailing, name="sailing"),
    path("manifests/<uuid:uid>/progress/", manifest_views.progress, name="sailing_progress"),
]
