"""Governance pages. Thin: forms check shape, ``actions`` decide and write (through the body's
ops), ``queries`` read what the user may see."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from strait.accounts.models import User
from strait.governance import queries
from strait.permissions import Permission, requires


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Permission.GOVERNANCE_READ)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/dashboard.html", {"bodies": queries.bodies(_user(request))})


@requires(Permission.GOVERNANCE_READ)
@require_GET
def body(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.body(_user(request), uid)
    return render(request, "governance/body.html", {"body": found})
