"""URLs of the ports app: the centres, roster, duty log and incidents in ``urls_centres``; the
manifests, their screening and the centre's counters in ``urls_manifests``."""

from strait.ports import urls_centres, urls_manifests

app_name = "ports"
urlpatterns = [*urls_centres.urlpatterns, *urls_manifests.urlpatterns]
