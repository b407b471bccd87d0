"""The committee report page: a body, a period and a language → the PDF, downloaded (each one
audited by ``report.generate``). A period that ends before it starts is said on the form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from strait.accounts.models import User
from strait.governance import queries, report
from strait.governance.report_forms import ReportForm
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Permission.GOVERNANCE_READ)
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = list(queries.bodies(user))
    year = timezone.localdate().year - 1
    initial = {
        "start": f"{year}-01-01",
        "end": f"{year}-12-31",
        "language": (request.LANGUAGE_CODE or "en")[:2],
        "body": request.GET.get("body", ""),
    }
    form = ReportForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body, start, end, language = data["body"], data["start"], data["end"], data["language"]
        try:
            pdf = report.generate(user, body, start, end, language, request=request)
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            answer = HttpResponse(pdf, content_type="application/pdf")
            name = report.filename(body, start, end, language)
            answer["Content-Disposition"] = f'attachment; filename="{name}"'
            return answer
    return render(request, "governance/reports.html", {"form": form, "bodies": bodies})
