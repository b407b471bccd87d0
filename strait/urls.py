from django.urls import include, path

from strait import api
from strait.accounts.views import set_language

urlpatterns = [
    path("", include("strait.web.urls")),
    path("accounts/", include("strait.accounts.urls")),
    path("agencies/", include("strait.agencies.urls")),
    path("audit/", include("strait.audit.urls")),
    path("exchange/", include("strait.exchange.urls")),
    path("entities/", include("strait.entities.urls")),
    path("checks/", include("strait.checks.urls")),
    path("notifications/", include("strait.notifications.urls")),
    path("", include("strait.federation.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls()),
]
# A URL no view matched: the API answers its own JSON 404 under /api/v1/, pages Django's.
handler404 = api.page_not_found
