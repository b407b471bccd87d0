"""Pages of the transit operation. Thin: forms check shape, ``actions`` decide and write
(through the operation's ops), ``queries`` read what the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from strait.accounts.models import User
from strait.permissions import Permission, requires
from strait.refusals import Refused, submit
from strait.sharing.models import Proposal
from strait.transit import actions, charts, codes, csvio, forms, queries, report
from strait.transit.models import Operation

PDF_LANGUAGES = ("ar", "es", "fr")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _done(request: HttpRequest, results: list[Any]) -> None:
    if any(isinstance(r, Proposal) for r in results):
        messages.info(request, _("Sent to the home node; shown once it confirms."))
    else:
        messages.success(request, _("The figures are entered."))


@requires(Permission.TRANSIT_READ)
@require_GET
def dashboard(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = _user(request)
    op = queries.operation(user, year) if year is None else queries.operation_or_404(user, year)
    if op is None:
        return render(request, "transit/none.html")
    board = queries.dashboard(user, op)
    return render(
        request,
        "transit/dashboard.html",
        {
            "op": op,
            "board": board,
            "years": [o.year for o in queries.operations(user)],
            "chart": charts.chart_data(board),
            "phase_names": [codes.Phase(p).label for p in board.phases],
            "pdf_languages": PDF_LANGUAGES,
            "can_enter": user.has_permission(Permission.TRANSIT_WRITE)
            and bool(codes.ports_of(user.agency.country.code)),
        },
    )


def _operation(request: HttpRequest, year: int) -> Operation:
    return queries.operation_or_404(_user(request), year)


@requires(Permission.TRANSIT_WRITE)
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    op = _operation(request, year)
    today = timezone.localdate()
    initial = {"day": today if op.starts <= today <= op.ends else op.starts, "incidents": 0}
    form = forms.FiguresForm(
        request.POST or None, initial=initial, country=user.agency.country.code
    )
    sent = submit(request, form, lambda: actions.report_figures(user, op, [form.cleaned_data]))
    if sent.ok:
        _done(request, sent.result)
        return redirect("transit:enter", year=op.year)
    return render(
        request,
        "transit/enter.html",
        {"op": op, "form": form, "recent": queries.own_recent(user, op)},
        status=sent.status,
    )


@requires(Permission.TRANSIT_WRITE)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    op = _operation(request, year)
    form = forms.CsvForm(request.POST or None, request.FILES or None)
    status = 200
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                results = actions.import_csv(user, op, form.cleaned_data["file"].read())
            except Refused as exc:
                messages.error(request, exc.message)
                problems = exc.problems
            else:
                _done(request, results)
                return redirect("transit:year", year=op.year)
    return render(
        request,
        "transit/import.html",
        {"op": op, "form": form, "problems": problems, "columns": csvio.COLUMNS},
        status=status,
    )


@requires(Permission.TRANSIT_READ)
@require_GET
def export_csv(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    op = _operation(request, year)
    actions.record_export(user, op, "csv")
    response = HttpResponse(
        csvio.export(queries.figure_rows(op)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="transit-{op.year}.csv"'
    return response


@requires(Permission.TRANSIT_READ)
@require_GET
def export_pdf(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    op = _operation(request, year)
    language = request.GET.get("lang", "")
    if language not in PDF_LANGUAGES:
        language = "fr"
    actions.record_export(user, op, "pdf", language)
    data = report.render_pdf(user, op, language)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="transit-{op.year}-{language}.pdf"'
    return response
