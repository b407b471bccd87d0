"""Pages of alert drafts: written by their author, submitted, reviewed by a supervisor of the
agency who is not the author (release or return with a note). Thin, as ``views``: another
agency's draft answers 404, the release is never offered to the author and refused if posted."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.alerts import actions, codes, forms, policy, queries, validation
from strait.alerts.models import AlertDraft
from strait.alerts.views import refused_on_form, user_of
from strait.entities import queries as entities
from strait.operations.actions import snapshot
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal

# How the record field names each kind of record, in the reader's language.
ENTITY_KINDS: dict[str, Any] = {
    "person": gettext_lazy("Person"),
    "vehicle": gettext_lazy("Vehicle"),
    "document": gettext_lazy("Document"),
    "vessel": gettext_lazy("Vessel"),
    "aircraft": gettext_lazy("Aircraft"),
}
# The kinds of record an alert may be about (``validation.entity_kind``), newest first: offered
# by the draft form's record field (any other identifier of the agency's may be typed).
RECORD_KINDS = ("person", "vehicle", "document", "vessel", "aircraft")
RECORDS_PER_KIND = 50
# My drafts' page lists the user's latest released alerts too, linked to each alert.
RELEASED_SHOWN = 20


def _records(user: User) -> list[tuple[str, str]]:
    """(uid, "Kind: label") of the agency's newest records of each kind an alert may be about."""
    found = []
    for kind in RECORD_KINDS:
        rows = entities.records_of(user, kind).order_by("-created_at", "-id")[:RECORDS_PER_KIND]
        for record in rows:
            label = snapshot(kind, record)[0]
            found.append((str(record.uid), f"{ENTITY_KINDS.get(kind, kind)}: {label}"))
    return found


def _about(user: User, draft: AlertDraft) -> str:
    """The name of the record a draft is about (its author's and reviewer's agency's own)."""
    kind = validation.entity_kind(draft.type, draft.details or {})
    found = entities.record(user, kind, draft.entity_ref) if kind and draft.entity_ref else None
    if found is None:
        return ""
    return f"{ENTITY_KINDS.get(kind, kind)}: {snapshot(kind, found)[0]}"


# Drafts: written by their author, submitted for review.


@requires(Permission.ALERTS_DRAFT)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = forms.DraftForm(request.POST or None, agency=user.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                draft = actions.save_draft(user, form.draft_data())
            except Refused as exc:
                refused_on_form(request, exc, form)
            else:
                messages.success(request, _("Draft saved. Submit it for review when it is ready."))
                return redirect("alerts:draft", uid=draft.uid)
    return render(
        request,
        "alerts/draft_form.html",
        {"form": form, "records": _records(user)},
        status=status,
    )


def _draft_page(
    request: HttpRequest, draft: AlertDraft, form: django_forms.Form | None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    editable = policy.can_edit_draft(user, draft)
    if editable and form is None:
        form = forms.DraftForm(initial=forms.DraftForm.initial_from(draft), agency=user.agency)
    return render(
        request,
        "alerts/draft.html",
        {
            "draft": draft,
            "form": form if editable else None,
            "details": forms.detail_rows(draft.details or {}),
            "required_action": codes.REQUIRED_ACTION.get(draft.type, ""),
            "can_submit": editable,
            "can_take_back": draft.author_id == user.pk
            and draft.status == codes.DraftStatus.SUBMITTED,
            "records": _records(user) if editable else [],
            "about": _about(user, draft),
        },
        status=status,
    )


@requires(Permission.ALERTS_DRAFT)
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.draft(user, uid)
    if request.method != "POST":
        return _draft_page(request, found, None)
    form = forms.DraftForm(request.POST, agency=user.agency)
    if form.is_valid():
        try:
            actions.save_draft(user, form.draft_data(), draft=found)
        except Refused as exc:
            refused_on_form(request, exc, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("alerts:draft", uid=found.uid)
    return _draft_page(request, found, form, status=400)


@requires(Permission.ALERTS_DRAFT)
@require_POST
def submit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.draft(user, uid)
    try:
        actions.submit(user, found)
    except Refused as exc:
        if not policy.can_edit_draft(user, found):
            show_refusal(request, exc)
            return redirect("alerts:draft", uid=found.uid)
        # What the draft lacks, on the form's fields (a type's required field, an addressee
        # with no channel …): the draft as saved, with every problem named.
        form = forms.DraftForm(forms.DraftForm.data_from(found), agency=user.agency)
        form.is_valid()
        refused_on_form(request, exc, form)
        return _draft_page(request, found, form, status=400)
    messages.success(request, _("Submitted: a supervisor of your agency reviews it."))
    return redirect("alerts:drafts")


@requires(Permission.ALERTS_DRAFT)
@require_POST
def take_back(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The author takes a submitted draft back to edit it (its review request is cancelled)."""
    user = user_of(request)
    found = queries.draft(user, uid)
    try:
        actions.cancel_submission(user, found)
    except Refused as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Taken back: edit it and submit it again."))
    return redirect("alerts:draft", uid=found.uid)


@requires(Permission.ALERTS_DRAFT)
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    released = queries.released_drafts(user).order_by("-updated_at", "-id")[:RELEASED_SHOWN]
    return render(
        request, "alerts/drafts.html", {"drafts": queries.drafts(user), "released": released}
    )


# Review: a supervisor of the agency who is not the author releases or returns.


@requires(Permission.ALERTS_RELEASE)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "alerts/review_queue.html", {"drafts": queries.to_review(user_of(request))}
    )


@requires(Permission.ALERTS_RELEASE)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.draft(user, uid)
    form = forms.ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                if decision == forms.ReviewForm.RELEASE:
                    alert = actions.release(user, found)
                else:
                    actions.return_to_author(user, found, form.cleaned_data["note"])
            except Refused as exc:
                show_refusal(request, exc, form)
            else:
                if decision == forms.ReviewForm.RELEASE:
                    messages.success(request, _("Released: the addressed agencies receive it."))
                    return redirect("alerts:detail", uid=alert.uid)
                messages.success(request, _("Returned to the author with your note."))
                return redirect("alerts:review_queue")
    return render(
        request,
        "alerts/review.html",
        {
            "draft": found,
            "form": form,
            "details": forms.detail_rows(found.details or {}),
            "required_action": codes.REQUIRED_ACTION.get(found.type, ""),
            "is_author": found.author_id == user.pk,
            "about": _about(user, found),
            "can_release": policy.can_release(user, found),
        },
        status=status,
    )
