"""Pages of the port cooperation centres. Thin: forms check shape, ``actions`` decide and write
(through the centre's ops), ``queries`` read what the user may see (another agency's centre, or
a part of one, is "not found")."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.governance import evidence
from strait.permissions import Permission, requires
from strait.ports import actions, forms, policy, queries
from strait.ports.models import Centre, Incident
from strait.refusals import Refused, show_refusal, submit
from strait.sharing import page_results
from strait.sharing.models import Proposal

# The duty log shows this many entries on the centre's page (the newest).
LOG_LIMIT = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _done(request: HttpRequest, result: Any, applied: str) -> None:
    pending = _("Sent to the host's node; shown once it confirms.")
    page_results.done(request, result, applied, pending)


def _now_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


@requires(Permission.PORTS_READ)
@require_GET
def centres(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = [(c, len(queries.on_duty(c))) for c in queries.centres(user)]
    return render(request, "ports/centres.html", {"rows": rows})


def _log_context(user: User, centre: Centre, form: forms.LogEntryForm | None) -> dict[str, Any]:
    can_write = policy.can_write_log(user, centre)
    return {
        "centre": centre,
        "log": queries.log(centre, LOG_LIMIT),
        "log_form": (form or forms.LogEntryForm()) if can_write else None,
        "on_duty_self": can_write,
        "can_edit": policy.can_edit(user, centre),
    }


@requires(Permission.PORTS_READ)
@require_GET
def centre(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    context = _log_context(user, found, None)
    context.update(
        {
            "obj": found.obj,
            "participants": queries.participants(found),
            "postings": queries.postings(found),
            "on_duty": queries.on_duty(found),
            "incidents": queries.incidents(found, 10),
            "can_manage": policy.can_manage(user, found),
        }
    )
    return render(request, "ports/centre.html", context)


@requires(Permission.PORTS_READ)
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The duty log (GET: the part of the page HTMX refreshes) and its quick entry (POST)."""
    user = _user(request)
    found = queries.centre(user, uid)
    form = None
    status = 200
    pending = False
    if request.method == "POST":
        if not user.has_permission(Permission.PORTS_WRITE):
            return HttpResponse(status=403)
        form = forms.LogEntryForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                result = actions.log_entry(user, found, **form.cleaned_data)
            except Refused as exc:
                show_refusal(request, exc, form)
                status = exc.status if exc.status in (400, 403) else 400
            else:
                form, status = None, 200
                pending = isinstance(result, Proposal)
                if not request.headers.get("HX-Request"):
                    _done(request, result, _("The entry is in the duty log."))
                    return redirect("ports:centre", uid=found.obj.uid)
        if not request.headers.get("HX-Request"):
            return render(
                request,
                "ports/log_entry.html",
                {"centre": found, "form": form},
                status=status,
            )
    context = _log_context(user, found, form) | {"pending": pending}
    # HTMX keeps a refused entry's form on the page with its errors (200: HTMX swaps it).
    return render(request, "ports/_log.html", context)


@requires(Permission.PORTS_READ)
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The roster of a day (``?day=``, today by default) and the forms to post agents and add a
    shift."""
    user = _user(request)
    found = queries.centre(user, uid)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    current = queries.postings(found)
    can_edit = policy.can_edit(user, found)
    initial = {"starts_at": _now_minute(), "ends_at": _now_minute() + dt.timedelta(hours=8)}
    shift_form = forms.ShiftForm(
        request.POST if request.method == "POST" else None, initial=initial, postings=current
    )
    if request.method == "POST" and not can_edit:
        return HttpResponse(status=403)
    sent = submit(
        request, shift_form, lambda: actions.add_shift(user, found, **shift_form.cleaned_data)
    )
    if sent.ok:
        _done(request, sent.result, _("The shift is on the roster."))
        return redirect("ports:roster", uid=found.obj.uid)
    context = {
        "centre": found,
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "shifts": queries.roster(found, start, start + dt.timedelta(days=1)),
        "postings": current,
        "ended": [p for p in queries.postings(found, current=False) if p.ended_at],
        "shift_form": shift_form if can_edit else None,
        "can_post": bool(policy.agencies_to_post(user, found)),
        "can_end": {p.uid for p in current if policy.can_end(user, found, p.agency)},
        "rule_form": forms.RuleForm(initial={"retention_hours": found.manifest_retention_hours})
        if policy.can_manage(user, found)
        else None,
    }
    return render(request, "ports/roster.html", context, status=sent.status)


@requires(Permission.PORTS_WRITE)
@require_http_methods(["GET", "POST"])
def post_agent(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    agencies = policy.agencies_to_post(user, found)
    initial = {"agency": user.agency.code, "starts": timezone.localdate()}
    form = forms.PostingForm(request.POST or None, initial=initial, agencies=agencies)
    sent = submit(request, form, lambda: actions.post_agent(user, found, **form.cleaned_data))
    if sent.ok:
        _done(request, sent.result, _("The agent is posted to the centre."))
        return redirect("ports:roster", uid=found.obj.uid)
    return render(
        request, "ports/posting_new.html", {"centre": found, "form": form}, status=sent.status
    )


@requires(Permission.PORTS_WRITE)
@require_POST
def end_posting(request: HttpRequest, uid: uuid.UUID, posting: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    queries.posting(found, posting)
    try:
        result = actions.end_posting(user, found, posting)
    except Refused as exc:
        show_refusal(request, exc)
    else:
        _done(request, result, _("The posting has ended."))
    return redirect("ports:roster", uid=found.obj.uid)


@requires(Permission.PORTS_MANAGE)
@require_POST
def rule(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    form = forms.RuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("From 1 to 720 hours; then they are erased."))
    else:
        try:
            result = actions.set_rule(user, found, **form.cleaned_data)
        except Refused as exc:
            show_refusal(request, exc)
        else:
            _done(request, result, _("The centre's rule is set."))
    return redirect("ports:roster", uid=found.obj.uid)


@requires(Permission.PORTS_WRITE)
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    initial = {"at": _now_minute(), "vessel": request.GET.get("vessel", "")[:100]}
    initial["rotation"] = request.GET.get("rotation", "")[:40]
    form = forms.IncidentForm(request.POST or None, initial=initial)
    sent = submit(
        request, form, lambda: actions.record_incident(user, found, **form.action_values())
    )
    if sent.ok:
        _done(request, sent.result, _("The incident is recorded and in the duty log."))
        return redirect("ports:centre", uid=found.obj.uid)
    context = {"centre": found, "form": form, "on_duty": queries.is_on_duty(found, user)}
    return render(request, "ports/incident_new.html", context, status=sent.status)


def _referral(user: User, incident: Incident) -> evidence.Target | None:
    if not incident.referral_kind:
        return None
    link: Any = _Link(incident.referral_kind, incident.referral_ref)
    return evidence.resolve(user, link)


class _Link:
    """What ``evidence.resolve`` reads of a link: its kind and reference."""

    def __init__(self, kind: str, ref: str) -> None:
        self.kind = kind
        self.ref = ref


@requires(Permission.PORTS_READ)
@require_http_methods(["GET", "POST"])
def incident(request: HttpRequest, uid: uuid.UUID, incident: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = queries.centre(user, uid)
    row = queries.incident(user, found, incident)
    may_update = policy.can_update_incident(user, found, row.agency)
    initial = {
        "action_taken": row.action_taken,
        "referral_kind": row.referral_kind,
        "referral_ref": row.referral_ref,
    }
    form = forms.IncidentUpdateForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and not may_update:
        return HttpResponse(status=403)
    sent = submit(
        request, form, lambda: actions.update_incident(user, found, row.uid, **form.cleaned_data)
    )
    if sent.ok:
        _done(request, sent.result, _("The incident is updated."))
        return redirect("ports:incident", uid=found.obj.uid, incident=row.uid)
    context = {
        "centre": found,
        "incident": row,
        "referral": _referral(user, row),
        "form": form if may_update else None,
    }
    return render(request, "ports/incident.html", context, status=sent.status)


@requires(Permission.PORTS_READ)
@require_GET
def counters(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """What the centre reports for a period (the last 30 days by default)."""
    user = _user(request)
    found = queries.centre(user, uid)
    form = forms.PeriodForm(request.GET or None)
    today = timezone.localdate()
    since, until = today - dt.timedelta(days=29), today
    if form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    if until < since:
        since, until = until, since
    figures = queries.counters(found, since, until)
    own = queries.screening_counts(found, user.agency.code, since, until)
    context = {"centre": found, "form": form, "figures": figures, "own": own}
    return render(request, "ports/counters.html", context)
