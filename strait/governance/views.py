"""Governance pages of bodies and meetings (minutes, signatures, the joint statement). Thin:
forms check shape, ``actions`` decide and write (through the body's ops), ``queries`` read what
the user may see; ``policy`` says which forms and buttons to offer. The recommendations', actions'
and evidence's pages are ``recommendation_views``."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.governance import actions, cadence, codes, forms, minutes, policy, queries
from strait.governance.models import Body, Meeting
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal, submit
from strait.sharing import queries as sharing_queries
from strait.sharing.models import Proposal


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# What the pages of bodies, meetings and recommendations share.


def agency_choices(codes_: list[str]) -> list[tuple[str, str]]:
    found = {a.code: a for a in Agency.objects.filter(code__in=codes_)}
    return [
        (code, f"{found[code].abbreviation} ({code})" if code in found else code) for code in codes_
    ]


def _all_agencies() -> list[tuple[str, str]]:
    return [
        (a.code, f"{a.abbreviation} ({a.code})")
        for a in Agency.objects.order_by("country__code", "abbreviation", "code")
    ]


def member_codes(found: Body) -> list[str]:
    return [p.agency.code for p in sharing_queries.participants(found.obj).select_related("agency")]


def _parents(user: User, exclude: Body | None = None) -> list[tuple[str, str]]:
    rows = queries.bodies(user)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return [(str(b.obj.uid), b.name) for b in rows]


def done_message(result: Any) -> str:
    if isinstance(result, Proposal):
        return _("Sent to the body's home node: it shows here once the home confirms it.")
    return _("Saved.")


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def body_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = forms.BodyForm(request.POST or None, agencies=_all_agencies(), parents=_parents(user))

    def act() -> Any:
        chosen = set(form.cleaned_data["members"]) | set(form.cleaned_data["co_chairs"])
        members = list(Agency.objects.filter(code__in=chosen))
        return actions.create_body(user, members=members, **form.values())

    sent = submit(request, form, act)
    if sent.ok:
        messages.success(request, _("The body is created."))
        return redirect("governance:body", uid=sent.result.obj.uid)
    return render(request, "governance/body_form.html", {"form": form}, status=sent.status)


@requires(Permission.GOVERNANCE_READ)
@require_GET
def body(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.body(user, uid)
    participants = list(sharing_queries.participants(found.obj).select_related("agency"))
    context: dict[str, Any] = {
        "body": found,
        "obj": found.obj,
        "participants": participants,
        "co_chairs": agency_choices(list(found.co_chairs)),
        "parent": queries.parent(user, found),
        "children": list(queries.children(user, found)),
        "meetings": list(found.meetings.all()),
        "recommendations": list(
            found.recommendations.select_related("meeting").prefetch_related("actions")
        ),
        "courses": list(found.courses.all()[:50]),
        "documents": list(found.documents.all()[:50]),
        "standing": cadence.standings(queries.bodies(user).filter(pk=found.pk))[0],
        "can_edit": policy.can_edit(user, found),
        "can_manage": policy.can_manage(user, found),
    }
    if context["can_manage"]:
        members = {p.agency.code for p in participants}
        context["joinable"] = [(c, label) for c, label in _all_agencies() if c not in members]
    return render(request, "governance/body.html", context)


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.body(user, uid)
    initial = {
        field: getattr(found, field)
        for field in (
            "name_ar",
            "name_es",
            "name_fr",
            "name_en",
            "kind",
            "area",
            "co_chairs",
            "mandate",
            "founded_on",
            "cadence",
            "cadence_months",
            "warn_months",
        )
    } | {"parent_uid": str(found.parent_uid or "")}
    form = forms.BodyForm(
        request.POST or None,
        initial=initial,
        agencies=agency_choices(member_codes(found)),
        parents=_parents(user, exclude=found),
        creating=False,
    )
    sent = submit(request, form, lambda: actions.update_body(user, found, **form.values()))
    if sent.ok:
        messages.success(request, done_message(sent.result))
        return redirect("governance:body", uid=found.obj.uid)
    context = {"form": form, "body": found}
    return render(request, "governance/body_form.html", context, status=sent.status)


def _member_change(request: HttpRequest, uid: uuid.UUID, add: bool) -> HttpResponse:
    """Add or remove a member agency (the body page's form; the lead's secretariat)."""
    user = user_of(request)
    found = queries.body(user, uid)
    agency = Agency.objects.filter(code=request.POST.get("agency", "")).first()
    if agency is None:
        messages.error(request, _("Choose an agency."))
    else:
        change = actions.add_member_agency if add else actions.remove_member_agency
        try:
            result = change(user, found, agency)
        except Refused as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, done_message(result))
    return redirect(reverse("governance:body", kwargs={"uid": found.obj.uid}) + "#summary")


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def body_member_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _member_change(request, uid, add=True)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def body_member_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _member_change(request, uid, add=False)


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.body(user, uid)
    form = forms.MeetingForm(request.POST or None)
    sent = submit(request, form, lambda: actions.schedule_meeting(user, found, **form.values()))
    if sent.ok:
        messages.success(request, done_message(sent.result))
        if isinstance(sent.result, Proposal):
            return redirect("governance:body", uid=found.obj.uid)
        return redirect("governance:meeting", uid=sent.result.body["uid"])
    context = {"form": form, "body": found}
    return render(request, "governance/meeting_form.html", context, status=sent.status)


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.meeting(user, uid)
    initial = {
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "place": found.place,
        "status": found.status,
    } | forms.TextsForm.initial_texts("title", found.title or {})
    form = forms.MeetingForm(request.POST or None, initial=initial)
    sent = submit(request, form, lambda: actions.update_meeting(user, found, **form.values()))
    if sent.ok:
        messages.success(request, done_message(sent.result))
        return redirect("governance:meeting", uid=found.uid)
    context = {"form": form, "body": found.body, "meeting": found}
    return render(request, "governance/meeting_form.html", context, status=sent.status)


MeetingFormMaker = Callable[[Meeting, Any], django_forms.Form]

MEETING_FORMS: dict[str, MeetingFormMaker] = {
    "attendees": lambda m, data: forms.AttendeesForm(
        data,
        agencies=member_codes(m.body),
        initial={"attendees": forms.AttendeesForm.as_text(list(m.attendees.all()))},
    ),
    "agenda": lambda m, data: forms.AgendaForm(
        data, initial=forms.AgendaForm.initial_of(list(m.agenda.all()))
    ),
    "decision": lambda m, data: forms.DecisionForm(data),
    "minutes": lambda m, data: forms.MinutesForm(data),
}


def _minutes_columns(found: Meeting) -> dict[str, Any]:
    written = {m.language: m for m in found.minutes.all()}
    return {language: written.get(language) for language in codes.LANGUAGES}


def _meeting_context(
    request: HttpRequest, found: Meeting, bound: dict[str, django_forms.Form] | None = None
) -> dict[str, Any]:
    user = user_of(request)
    edit = policy.can_edit(user, found.body)
    attendees = list(found.attendees.all())
    delegations: dict[str, list[Any]] = {}
    for attendee in attendees:
        delegations.setdefault(attendee.agency, []).append(attendee)
    names = dict(agency_choices(list(delegations) + list(found.body.co_chairs)))
    written_now = _minutes_columns(found)
    shown = {
        name: (bound or {}).get(name) or make(found, None)
        for name, make in MEETING_FORMS.items()
        if edit and name != "minutes"
    }
    # The minutes: one form per language, its text as it stands.
    minutes_forms: list[tuple[str, Any, django_forms.Form]] = []
    if edit:
        bound_minutes = (bound or {}).get("minutes")
        bound_language = bound_minutes.data.get("language") if bound_minutes is not None else None
        if bound_language not in codes.LANGUAGES:
            bound_language = codes.LANGUAGES[0]
        for language in codes.LANGUAGES:
            if bound_minutes is not None and bound_language == language:
                form = bound_minutes
            else:
                current = written_now.get(language)
                form = forms.MinutesForm(
                    language=language,
                    initial={"language": language, "text": current.text if current else ""},
                )
            minutes_forms.append((language, forms.LANGUAGE_LABELS[language], form))
    if policy.can_publish(user, found):
        shown["statement"] = (bound or {}).get("statement") or forms.StatementForm()
    signed = minutes.signatures(found)
    node_of = minutes.sides(found)
    valid_nodes = {s.signature.node for s in signed if s.valid}
    sides = [
        {"agency": code, "label": names.get(code, code), "signed": node_of[code] in valid_nodes}
        for code in found.body.co_chairs
    ]
    written = written_now
    return {
        "meeting": found,
        "body": found.body,
        "obj": found.body.obj,
        "delegations": [(names.get(code, code), rows) for code, rows in delegations.items()],
        "agenda": list(found.agenda.all()),
        "decisions": list(found.decisions.all()),
        "minutes": written,
        "other_minutes": [(code, written[code]) for code in ("fr", "en") if written[code]],
        "minutes_ready": policy.minutes_ready(found),
        "signatures": signed,
        "sides": sides,
        "fully_signed": minutes.fully_signed(found),
        "recommendations": list(found.recommendations.all()),
        "forms": shown,
        "minutes_forms": minutes_forms,
        "bound": bound or {},
        "can_edit": edit,
        "can_sign": policy.can_sign(user, found),
        "can_publish": policy.can_publish(user, found),
    }


@requires(Permission.GOVERNANCE_READ)
@require_GET
def meeting(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.meeting(user_of(request), uid)
    return render(request, "governance/meeting.html", _meeting_context(request, found))


MeetingRun = Callable[[User, Meeting, Any], Any]


def _meeting_act(request: HttpRequest, uid: uuid.UUID, name: str, run: MeetingRun) -> HttpResponse:
    """One op from one of the meeting page's forms: done -> back to its section; refused or
    invalid -> the page again with the form's errors (400), nothing written."""
    user = user_of(request)
    found = queries.meeting(user, uid)
    form = MEETING_FORMS[name](found, request.POST)
    if form.is_valid():
        try:
            result = run(user, found, form)
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, done_message(result))
            return redirect(reverse("governance:meeting", kwargs={"uid": uid}) + f"#{name}")
    context = _meeting_context(request, found, {name: form})
    return render(request, "governance/meeting.html", context, status=400)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def meeting_attendees(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _meeting_act(
        request,
        uid,
        "attendees",
        lambda user, m, form: actions.set_attendees(user, m, form.cleaned_data["attendees"]),
    )


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def meeting_agenda(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _meeting_act(
        request, uid, "agenda", lambda user, m, form: actions.set_agenda(user, m, form.items())
    )


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def meeting_decision(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _meeting_act(
        request,
        uid,
        "decision",
        lambda user, m, form: actions.add_decision(user, m, form.texts("text")),
    )


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def meeting_minutes(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _meeting_act(
        request,
        uid,
        "minutes",
        lambda user, m, form: actions.write_minutes(
            user, m, language=form.cleaned_data["language"], text=form.cleaned_data["text"]
        ),
    )


@requires(Permission.GOVERNANCE_SIGN)
@require_POST
def meeting_sign(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The chair approves the current version of the minutes: this node signs it."""
    user = user_of(request)
    found = queries.meeting(user, uid)
    try:
        result = actions.sign_minutes(user, found)
    except Refused as exc:
        show_refusal(request, exc)
        context = _meeting_context(request, found)
        return render(request, "governance/meeting.html", context, status=400)
    messages.success(request, done_message(result))
    return redirect(reverse("governance:meeting", kwargs={"uid": uid}) + "#signatures")


@requires(Permission.GOVERNANCE_READ)
@require_POST
def meeting_statement(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The joint statement of fully signed minutes, as a JSON or a PDF file (audited)."""
    user = user_of(request)
    found = queries.meeting(user, uid)
    form = forms.StatementForm(request.POST)
    if form.is_valid():
        fmt = form.cleaned_data["fmt"]
        try:
            data = actions.publish_statement(user, found, fmt)
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            kind = "application/pdf" if fmt == "pdf" else "application/json"
            response = HttpResponse(data, content_type=kind)
            name = f"strait-statement-{found.uid}-v{found.minutes_version}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context = _meeting_context(request, found, {"statement": form})
    return render(request, "governance/meeting.html", context, status=400)
