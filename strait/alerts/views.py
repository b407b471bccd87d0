"""Pages of alerts: the board and the alert page with its forms (drafts and their review are
``draft_views``). Thin: forms check shape, ``actions`` decide and write (through the shared
object's ops), ``queries`` read what the user may see, and ``policy`` says which forms to offer;
another agency's alert answers 404."""

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
from django.views.decorators.http import require_GET, require_POST

from strait.accounts.models import User
from strait.alerts import actions, codes, forms, policy, queries
from strait.alerts.models import Alert
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal
from strait.sharing.models import Proposal

# What each change in an alert's history did, in the reader's language.
HISTORY: dict[str, Any] = {
    "alerts.create": gettext_lazy("Released"),
    "alerts.update": gettext_lazy("Updated"),
    "alerts.extend": gettext_lazy("Extended"),
    "alerts.withdraw": gettext_lazy("Withdrawn"),
    "alerts.acknowledge": gettext_lazy("Acknowledged"),
    "alerts.add_measure": gettext_lazy("Measure recorded"),
}


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def refused_on_form(request: HttpRequest, exc: Refused, form: django_forms.Form) -> None:
    """A refusal on the form: a type's own field named as ``details.<name>`` is the form's
    field of that name."""
    exc.problems = [(f.removeprefix("details."), m) for f, m in exc.problems]
    show_refusal(request, exc, form)


# The board.


@requires(Permission.ALERTS_READ)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
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
    user = user_of(request)
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
    user = user_of(request)
    alert = queries.alert(user, uid)
    # Opening the page is a consultation (LOG-01), as an API read is; the in-place refresh of
    # its acknowledgements when news arrives (an HTMX request) is the same reading continued.
    if not request.headers.get("HX-Request"):
        actions.consult(user, alert, request=request)
    return _alert_page(request, alert)


def _done(result: Any) -> str:
    if isinstance(result, Proposal):
        return _("Sent to the alert's home node: it shows here once the home confirms it.")
    return _("Saved.")


Run = Callable[[User, Alert, Any], Any]


def _act(request: HttpRequest, uid: uuid.UUID, name: str, run: Run, anchor: str) -> HttpResponse:
    """One op from its form: done -> back to the alert; refused or invalid -> the page again
    with the form's errors (400), nothing written."""
    user = user_of(request)
    alert = queries.alert(user, uid)
    form = MAKERS[name](alert, request.POST)
    if form.is_valid():
        try:
            result = run(user, alert, form)
        except Refused as exc:
            refused_on_form(request, exc, form)
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
