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
    path("sharing/", include("strait.sharing.urls")),
    path("operations/", include("strait.operations.urls")),
    path("approvals/", include("strait.approvals.urls")),
    path("alerts/", include("strait.alerts.urls")),
    path("situation/", include("strait.situation.urls")),
    path("governance/", include("strait.governance.urls")),
    path("ports/", include("strait.ports.urls")),
    path("transit/", include("strait.transit.urls")),
    path("events/", include("strait.events.urls")),
    path("notifications/", include("strait.notifications.urls")),
    path("", include("strait.federation.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls()),
]
# Error pages in the reader's language inside the layout; under /api/v1/ the API's JSON errors.
handler403 = "strait.web.errors.permission_denied"
handler404 = "strait.web.errors.page_not_found"
handler500 = "strait.web.errors.server_error"
