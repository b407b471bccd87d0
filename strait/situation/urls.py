"""URLs of the situation app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "situation"
urlpatterns: list[URLPattern] = []
