"""URLs of the governance app: each part of the app keeps its own list (bodies, meetings and
follow-up of recommendations in ``urls_bodies``; the dashboard and the follow-up committee's page
in ``urls_followup``; training, the good-practice library and the reports in ``urls_reports``)."""

from strait.governance import urls_bodies, urls_followup, urls_reports

app_name = "governance"
urlpatterns = [*urls_followup.urlpatterns, *urls_bodies.urlpatterns, *urls_reports.urlpatterns]
