"""The governance dashboard and the follow-up committee's page. Thin: ``followup`` reads what
the user may see, in a bounded number of queries."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from strait.accounts.models import User
from strait.governance import followup, queries
from strait.governance.models import Body
from strait.permissions import Permission, requires

SHOWS = (followup.SHOW_ALL, followup.SHOW_LATE, followup.SHOW_WITHOUT)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Permission.GOVERNANCE_READ)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "governance/dashboard.html", {"data": followup.dashboard(_user(request))}
    )


def _body(request: HttpRequest) -> Body | None:
    """The body of the filter (``?body=uid``), one the user sees; another is "not found"."""
    wanted = request.GET.get("body", "").strip()
    if not wanted:
        return None
    try:
        uid = uuid.UUID(wanted)
    except ValueError:
        raise Http404("no such body") from None
    return queries.body(_user(request), uid)


@requires(Permission.GOVERNANCE_READ)
@require_GET
def follow_up(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    body = _body(request)
    show = request.GET.get("show", followup.SHOW_ALL)
    if show not in SHOWS:
        show = followup.SHOW_ALL
    data = followup.follow_up(user, body=body, show=show, page=request.GET.get("page", 1))
    return render(
        request,
        "governance/followup.html",
        {
            "data": data,
            "body": body,
            "bodies": queries.bodies(user).only(
                "name_ar", "name_es", "name_fr", "name_en", "obj__uid"
            ),
            "show": show,
        },
    )
