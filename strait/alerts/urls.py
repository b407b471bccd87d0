"""URLs of the alerts app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "alerts"
urlpatterns: list[URLPattern] = []
