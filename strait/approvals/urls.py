"""URLs of the approvals app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "approvals"
urlpatterns: list[URLPattern] = []
