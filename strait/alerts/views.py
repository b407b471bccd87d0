"""Pages of alerts. Thin: forms check shape, ``actions`` decide and write (a draft locally, the
released alert through its shared object's ops), ``queries`` read what the user may see, and
``policy`` says which buttons to offer; another agency's draft or alert answers 404."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.alerts import actions, codes, forms, policy, queries, validation
from strait.alerts.models import Alert, AlertDraft
from strait.entities import queries as entities
from strait.operations.actions import snapshot
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal
from strait.sharing.models import Proposal

ENTITY_KINDS: dict[str, Any] = {
    "person": gettext_lazy("Person"),
    "vehicle": gettext_lazy("Vehicle"),
    "document": gettext_lazy("Document"),
    "vessel": gettext_lazy("Vessel"),
    "aircraft": gettext_lazy("Aircraft"),
}
# What each change in an alert's history did, in the reader's language.
HISTORY: dict[str, Any] = {
    "alerts.create": gettext_lazy("Released"),
    "alerts.update": gettext_lazy("Updated"),
    "alerts.extend": gettext_lazy("Extended"),
    "alerts.withdraw": gettext_lazy("Withdrawn"),
    "alerts.acknowledge": gettext_lazy("Acknowledged"),
    "alerts.add_measure": gettext_lazy("Measure recorded"),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _refused(request: HttpRequest, exc: Refused, form: django_forms.Form) -> None:
    """A refusal on the form: a type's own field named as ``details.<name>`` is the form's
    field of that name."""
    exc.problems = [(f.removeprefix("details."), m) for f, m in exc.problems]
    show_refusal(request, exc, form)


# The kinds of record an alert may be about (``validation.entity_kind``), newest first: offered
# by the draft form's record field (any other identifier of the agency's may be typed).
RECORD_KINDS = ("person", "vehicle", "document", "vessel", "aircraft")
RECORDS_PER_KIND = 50


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


# The board.


@requires(Permission.ALERTS_READ)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    chosen = forms.BoardFilterForm(request.GET or None)
    kind = area = None
    if chosen.is_valid():
        kind = chosen.cleaned_data["type"] or None
        area = chosen.cleaned_data["place"].strip() or chosen.cleaned_data["area"] or None
    alerts = queries.board(user, type=kind, area=area)
    waiting = set(queries.unacknowledged(user).values_list("pk", flat=True))
    return render(
        request,
        "alerts/board.html",
        {
            "alerts": [(alert, alert.pk in waiting) for alert in alerts],
            "filters": chosen if chosen.is_bound else forms.BoardFilterForm(),
            "unacknowledged": queries.unacknowledged_count(user),
            "my_agency": getattr(user.agency, "code", ""),
            "can_draft": policy.can_draft(user),
        },
    )


# Drafts: written by their author, submitted for review.


@requires(Permission.ALERTS_DRAFT)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.DraftForm(request.POST or None, agency=user.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                draft = actions.save_draft(user, form.draft_data())
            except Refused as exc:
                _refused(request, exc, form)
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
    user = _user(request)
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
    user = _user(request)
    found = queries.draft(user, uid)
    if request.method != "POST":
        return _draft_page(request, found, None)
    form = forms.DraftForm(request.POST, agency=user.agency)
    if form.is_valid():
        try:
            actions.save_draft(user, form.draft_data(), draft=found)
        except Refused as exc:
            _refused(request, exc, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("alerts:draft", uid=found.uid)
    return _draft_page(request, found, form, status=400)


@requires(Permission.ALERTS_DRAFT)
@require_POST
def submit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
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
        _refused(request, exc, form)
        return _draft_page(request, found, form, status=400)
    messages.success(request, _("Submitted: a supervisor of your agency reviews it."))
    return redirect("alerts:drafts")


@requires(Permission.ALERTS_DRAFT)
@require_POST
def take_back(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The author takes a submitted draft back to edit it (its review request is cancelled)."""
    user = _user(request)
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
    return render(request, "alerts/drafts.html", {"drafts": queries.drafts(_user(request))})


# Review: a supervisor of the agency who is not the author releases or returns.


@requires(Permission.ALERTS_RELEASE)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "alerts/review_queue.html", {"drafts": queries.to_review(_user(request))}
    )


@requires(Permission.ALERTS_RELEASE)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
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


# The alert.

FormMaker = Callable[[Alert, Any], django_forms.Form]

MAKERS: dict[str, FormMaker] = {
    "acknowledge": lambda alert, data: forms.AcknowledgeForm(data),
    "measure": lambda alert, data: forms.MeasureForm(data),
    "update": lambda alert, data: forms.UpdateForm(
        data, alert=alert, initial=forms.UpdateForm.initial_from(alert)
    ),
    "extend": lambda alert, data: forms.ExtendForm(
        data, initial={"valid_until": alert.valid_until}
    ),
    "withdraw": lambda alert, data: forms.WithdrawForm(data),
}


def _allowed(user: User, alert: Alert) -> dict[str, bool]:
    """Which of the alert's forms the user is offered (the actions refuse the others)."""
    issuer = policy.can_update(user, alert)
    # Measures feed a surge's rapid-reaction log (the situation picture reads them).
    surge = alert.type == codes.AlertType.MIGRATION_SURGE
    return {
        "acknowledge": policy.can_acknowledge(user, alert),
        "measure": surge and policy.can_add_measure(user, alert),
        "update": issuer,
        "extend": issuer,
        "withdraw": issuer,
    }


def _alert_page(
    request: HttpRequest,
    alert: Alert,
    bound: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    # A discreet check's frontline reader sees the required action, never why nor its details.
    grounds = policy.shows_grounds(user, alert)
    details = policy.shows_details(user, alert)
    bound = bound or {}
    shown = {
        name: bound.get(name) or MAKERS[name](alert, None)
        for name, ok in _allowed(user, alert).items()
        if ok
    }
    # A form posted that the page no longer offers (the alert was withdrawn meanwhile): its
    # errors at the top of the page.
    refused = [form for name, form in bound.items() if name not in shown]
    # The alert's own changes (the sharing's bookkeeping, participants and announcements, is
    # the addressees' list above).
    history = [(c, HISTORY[c.op]) for c in queries.history(alert) if c.op in HISTORY]
    return render(
        request,
        "alerts/detail.html",
        {
            "alert": alert,
            "obj": alert.obj,
            "required_action": alert.required_action,
            "shows_grounds": grounds,
            "details": forms.detail_rows(alert.details or {}) if details else [],
            "acknowledgements": queries.acknowledgements(alert),
            "history": history,
            "hits": queries.hits(user, alert),
            "forms": shown,
            "bound": bound,
            "refused": refused,
            "active": alert.is_active(),
        },
        status=status,
    )


@requires(Permission.ALERTS_READ)
@require_GET
def detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _alert_page(request, queries.alert(_user(request), uid))


def _done(result: Any) -> str:
    if isinstance(result, Proposal):
        return _("Sent to the alert's home node: it shows here once the home confirms it.")
    return _("Saved.")


Run = Callable[[User, Alert, Any], Any]


def _act(request: HttpRequest, uid: uuid.UUID, name: str, run: Run, anchor: str) -> HttpResponse:
    """One op from its form: done -> back to the alert; refused or invalid -> the page again
    with the form's errors (400), nothing written."""
    user = _user(request)
    alert = queries.alert(user, uid)
    form = MAKERS[name](alert, request.POST)
    if form.is_valid():
        try:
            result = run(user, alert, form)
        except Refused as exc:
            _refused(request, exc, form)
        else:
            messages.success(request, _done(result))
            return redirect(reverse("alerts:detail", kwargs={"uid": uid}) + f"#{anchor}")
    return _alert_page(request, alert, {name: form}, status=400)


@requires(Permission.ALERTS_READ)
@require_POST
def acknowledge(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "acknowledge",
        lambda user, alert, form: actions.acknowledge(
            user, alert, form.cleaned_data["kind"], reason=form.cleaned_data["reason"]
        ),
        "acknowledgements",
    )


@requires(Permission.ALERTS_READ)
@require_POST
def measure(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "measure",
        lambda user, alert, form: actions.add_measure(user, alert, form.cleaned_data["text"]),
        "history",
    )


@requires(Permission.ALERTS_RELEASE)
@require_POST
def update(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "update",
        lambda user, alert, form: actions.update(user, alert, form.update_data()),
        "alert",
    )


@requires(Permission.ALERTS_RELEASE)
@require_POST
def extend(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "extend",
        lambda user, alert, form: actions.extend(user, alert, form.cleaned_data["valid_until"]),
        "alert",
    )


@requires(Permission.ALERTS_RELEASE)
@require_POST
def withdraw(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "withdraw",
        lambda user, alert, form: actions.withdraw(user, alert, form.cleaned_data["reason"]),
        "alert",
    )
