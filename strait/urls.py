from django.urls import include, path
from django.views.i18n import set_language

from strait.accounts.permissions import public

urlpatterns = [
    path("", include("strait.web.urls")),
    path("accounts/", include("strait.accounts.urls")),
    path("agencies/", include("strait.agencies.urls")),
    path("audit/", include("strait.audit.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
]
