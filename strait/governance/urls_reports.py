"""The training plan, the good-practice library and the committee reports."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
