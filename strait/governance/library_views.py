"""The good-practice library's pages: the list (filtered by area, language and body; titles and
summaries in the reader's language), the upload (``actions.add_document``: sniffed and checked
as exchange attachments are, stored encrypted in parts), a document with its translations, and
the download (``actions.read_document``: audited; always an attachment, never shown inline)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from strait.accounts.models import User
from strait.exchange.attachments import Upload
from strait.governance import actions, library, policy, queries, training
from strait.governance.library_forms import DocumentForm, LibraryFilters
from strait.governance.models import in_language
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal
from strait.sharing.models import Proposal

PAGE = 200


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Permission.GOVERNANCE_READ)
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = list(queries.bodies(user))
    filters = LibraryFilters(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    body_uid = request.GET.get("body", "")
    if body_uid not in {str(b.obj.uid) for b in bodies}:
        body_uid = ""
    rows = library.documents_visible_to(
        user,
        area=chosen.get("area") or "",
        language=chosen.get("language") or "",
        body_uid=body_uid,
    )
    listed = [
        {"document": d, "title": in_language(d.title), "summary": in_language(d.summary)}
        for d in rows[:PAGE]
    ]
    context = {
        "filters": filters,
        "bodies": bodies,
        "body_uid": body_uid,
        "documents": listed,
        "can_add": any(policy.can_edit(user, b) for b in bodies),
    }
    return render(request, "governance/library.html", context)


def _originals(user: User) -> list[tuple[str, str]]:
    rows = library.documents_visible_to(user).filter(translation_of__isnull=True)[:PAGE]
    return [(str(d.uid), f"{in_language(d.title) or d.filename} ({d.language})") for d in rows]


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = [b for b in queries.bodies(user) if policy.can_edit(user, b)]
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        bodies=bodies,
        originals=_originals(user),
        initial={
            "body": request.GET.get("body", ""),
            "language": (request.LANGUAGE_CODE or "en")[:2],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            result = actions.add_document(
                user,
                data["body"],
                upload=Upload(filename=upload.name or "", data=upload.read()),
                area=data["area"],
                title=form.texts("title"),
                summary=form.texts("summary"),
                language=data["language"],
                translation_of=data["translation_of"] or None,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            if isinstance(result, Proposal):
                messages.success(
                    request,
                    _("Sent to the body's home node: it shows here once the home confirms it."),
                )
                return redirect("governance:library")
            messages.success(request, _("The document is in the library."))
            return redirect("governance:document", uid=result.body["uid"])
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/document_form.html", {"form": form}, status=status)


@requires(Permission.GOVERNANCE_READ)
@require_GET
def document(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = library.document(user, uid)
    context = {
        "document": found,
        "title": in_language(found.title),
        "summary": in_language(found.summary),
        "complete": library.complete(found),
        "by_agency": training.agency_labels({found.by_agency})[found.by_agency],
        "translations": [(d, in_language(d.title)) for d in library.translations(user, found)],
    }
    return render(request, "governance/document.html", context)


@requires(Permission.GOVERNANCE_READ)
@require_GET
def document_download(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = library.document(user, uid)
    try:
        data = actions.read_document(user, found)
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect("governance:document", uid=uid)
    response = HttpResponse(data, content_type=found.content_type)
    # Always a download, never rendered in the page (as exchange attachments).
    response["Content-Disposition"] = f'attachment; filename="{found.uid}{_suffix(found.filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    suffix = filename[dot:] if dot >= 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
