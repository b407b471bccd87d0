"""The link chart of an operation: the page (drawn in the browser by ``operations/linkchart.js``)
and its data, ``chart.json``. Both read the operation through ``queries.operation``: another
agency's operation, or one the user is no longer a member of, is "not found"."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from strait.accounts.models import User
from strait.operations import actions, chart, codes, queries
from strait.permissions import Permission, requires


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _words() -> dict[str, object]:
    """What the script writes on the page, in the reader's language."""
    return {
        "loading": _("Drawing the chart…"),
        "failed": _("The chart could not be drawn. Reload the page to try again."),
        "empty": _("No entity matches these filters."),
        "shown": _("%(nodes)s entities and %(edges)s relations shown."),
        "entity": _("%(kind)s · shared by %(owner)s · %(handling)s · %(relations)s relations"),
        "entity_kinds": {value: str(label) for value, label in codes.EntityKind.choices},
    }


@requires(Permission.OPERATIONS_READ)
@require_GET
def page(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    op = queries.operation(_user(request), uid)
    return render(
        request,
        "operations/chart.html",
        {
            "op": op,
            "src": reverse("operations:chart_json", args=[op.uid]),
            "filename": slugify(op.code_name) or "operation",
            "relation_kinds": codes.RelationKind.choices,
            "entity_kinds": codes.EntityKind.choices,
            "words": _words(),
        },
    )


@requires(Permission.OPERATIONS_READ)
@require_GET
def data(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    op = queries.operation(_user(request), uid)
    # The chart's names and identifiers are personal data: reading them is a consultation.
    actions.consult(_user(request), op, section="chart", request=request)
    return JsonResponse(chart.chart(op), json_dumps_params={"ensure_ascii": False})
