"""The statistics of joint operations: the page (filters, the answer in one sentence, tables and
charts drawn by ``operations/statistics.js`` from a json_script payload) and its CSV. Both total
only the operations the user may see (``statistics.outcomes_visible_to``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from strait.accounts.models import User
from strait.operations import statistics
from strait.operations.statistics_forms import StatisticsForm
from strait.permissions import Permission, requires


def _figures(request: HttpRequest) -> tuple[StatisticsForm, statistics.Figures | None]:
    form = StatisticsForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    filters = form.filters() if request.GET else statistics.Filters()
    user: User = request.user  # type: ignore[assignment]
    return form, statistics.figures(user, filters)


@requires(Permission.OPERATIONS_READ)
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    form, found = _figures(request)
    context: dict[str, Any] = {"form": form, "found": found}
    if found is not None:
        context |= {
            "answer": statistics.answer(found),
            "charts": statistics.chart_data(found),
            "csv_query": request.GET.urlencode(),
        }
    return render(request, "operations/statistics.html", context, status=200 if found else 400)


@requires(Permission.OPERATIONS_READ)
@require_GET
def csv(request: HttpRequest) -> HttpResponse:
    _form, found = _figures(request)
    if found is None:
        return HttpResponse(status=400)
    name = f"operations-statistics-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(statistics.csv_text(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
