"""Pages of the manifests: a centre's sailings with the upload form, and a sailing's result
page (hits first, with the alert's required action, then the rest; its progress polled by
HTMX while the screening runs). Thin: one action (``screening.upload``) or one read."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from strait.accounts.models import User
from strait.permissions import Permission, requires
from strait.ports import manifests as manifest_files
from strait.ports import screening
from strait.ports.manifest_forms import ManifestForm
from strait.ports.manifest_models import Sailing
from strait.ports.manifests import ManifestRefused
from strait.refusals import Refused, show_refusal

DEMO_MANIFEST = Path(__file__).resolve().parent / "demo_manifest.csv"
RECENT = 30


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _demo_mode() -> bool:
    return getattr(settings, "NODE", None) is not None and settings.NODE.mode == "demo"


def _initial() -> dict[str, Any]:
    soon = timezone.localtime() + dt.timedelta(hours=1)
    return {"departs_at": soon.replace(minute=0, second=0, microsecond=0)}


@requires(Permission.PORTS_SCREEN)
@require_http_methods(["GET", "POST"])
def manifests(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The agency's sailings at the centre, newest first, and the upload of the next one."""
    user = _user(request)
    centre = screening.centre_for(user, uid)
    report: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        form = ManifestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["demo"] and _demo_mode():
                    rows = manifest_files.read_csv(DEMO_MANIFEST.read_bytes())
                elif data["file"] is not None:
                    rows = manifest_files.read_csv(data["file"].read())
                else:
                    raise ManifestRefused([{"row": 0, "errors": [str(form.fields["file"].label)]}])
                sailing = screening.upload(
                    user,
                    centre=centre,
                    vessel=data["vessel"],
                    rotation=data["rotation"],
                    departs_at=data["departs_at"],
                    from_port=data["from_port"],
                    to_port=data["to_port"],
                    rows=rows,
                    request=request,
                )
            except ManifestRefused as refused:
                report = refused.rows
                show_refusal(request, Refused(refused.message), form)
            except Refused as refused:
                show_refusal(request, refused, form)
            else:
                return redirect("ports:sailing", uid=sailing.uid)
        status = 400
    else:
        form = ManifestForm(initial=_initial() | {"from_port": centre.port})
    context = {
        "centre": centre,
        "form": form,
        "report": report,
        "sailings": screening.sailings_for(user, centre)[:RECENT],
        "demo": _demo_mode() and DEMO_MANIFEST.exists(),
        "max_rows": manifest_files.max_rows(),
    }
    return render(request, "ports/manifest_list.html", context, status=status)


def _sailing_context(request: HttpRequest, uid: uuid.UUID) -> dict[str, Any]:
    sailing = screening.sailing_for(_user(request), uid)
    finished = sailing.status != Sailing.Status.SCREENING
    waiting = sailing.partner_asked and sailing.partner_answered < sailing.partner_asked
    context: dict[str, Any] = {
        "sailing": sailing,
        "centre": sailing.centre,
        "finished": finished,
        "polling": not finished or waiting,
    }
    if finished:
        context |= screening.results(sailing)
    return context


@requires(Permission.PORTS_SCREEN)
@require_GET
def sailing(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A sailing's result: hits first (an alert's with its required action), then the rest."""
    return render(request, "ports/manifest_sailing.html", _sailing_context(request, uid))


@requires(Permission.PORTS_SCREEN)
@require_GET
def progress(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The result's fragment, polled while the screening runs or partner answers are due."""
    return render(request, "ports/manifest_results.html", _sailing_context(request, uid))
