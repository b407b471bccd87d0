"""The project's URLs plus one view that fails, to see the 500 page (test_error_pages)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from strait import urls


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a view that fails")


urlpatterns = [path("fails/", fails), *urls.urlpatterns]
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
