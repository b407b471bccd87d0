"""Pages of major events. Thin: forms check shape, ``actions`` decide and write (through the
events' ops), ``queries`` read what the user may see (another agency's event: 404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.events import actions, codes, forms, queries, report
from strait.events.models import Event, in_language
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal, submit
from strait.sharing import page_results, policy
from strait.sharing.registry import Right


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _refuse(request: HttpRequest, exc: Refused, form: Any) -> None:
    """The refusal on the form, each problem on the field the form spells it by."""
    places = getattr(form, "places", {})
    exc.problems = [(places.get(field, field), message) for field, message in exc.problems]
    show_refusal(request, exc, form)


def _agencies(ev: Event) -> list[tuple[str, str]]:
    return [(code, code) for _node, codes_ in queries.nodes(ev) for code in codes_]


def _fixture_choices(ev: Event) -> list[tuple[str, str]]:
    return [(str(f.uid), f"{f} · {f.kick_off:%Y-%m-%d}") for f in queries.fixtures(ev)]


def _log_form(request: HttpRequest, ev: Event) -> forms.LogForm:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return forms.LogForm(
        request.POST or None,
        initial={"at": now, "source": codes.Source.LIAISON},
        agencies=_agencies(ev),
        fixtures=_fixture_choices(ev),
    )


@requires(Permission.EVENTS_READ)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "events/list.html",
        {"events": list(queries.events(user)), "base": queries.knowledge_base(user)},
    )


def _agency_choices(user: User) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    agencies = {a.code: a for a in queries.other_agencies(user)}
    choices = [
        (code, f"{a.abbreviation} ({code}) · {a.country.code}") for code, a in agencies.items()
    ]
    return agencies, choices


def _participants(agencies: dict[str, Any], form: Any) -> list[tuple[Any, str]]:
    return [(agencies[c], "participant") for c in form.cleaned_data["participants"]]


@requires(Permission.EVENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def knowledge_new(request: HttpRequest) -> HttpResponse:
    """The federation's knowledge base, kept by the user's agency (refused if one is open)."""
    user = _user(request)
    agencies, choices = _agency_choices(user)
    form = forms.KnowledgeBaseForm(request.POST or None, agencies=choices)

    def act() -> Any:
        chosen = _participants(agencies, form)
        return actions.open_knowledge_base(
            user, title=form.cleaned_data["title"], participants=chosen
        )

    sent = submit(request, form, act, _refuse)
    if sent.ok:
        messages.success(request, _("The knowledge base is open."))
        return redirect("events:knowledge")
    return render(request, "events/knowledge_new.html", {"form": form}, status=sent.status)


@requires(Permission.EVENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    """A new event, led by the user's agency, its home this node (nothing written if refused)."""
    user = _user(request)
    agencies, choices = _agency_choices(user)
    form = forms.EventForm(request.POST or None, agencies=choices)

    def act() -> Any:
        return actions.open_event(user, participants=_participants(agencies, form), **form.values())

    sent = submit(request, form, act, _refuse)
    if sent.ok:
        messages.success(request, _("The event is open."))
        return redirect("events:detail", uid=sent.result.uid)
    return render(request, "events/event_new.html", {"form": form}, status=sent.status)


@requires(Permission.EVENTS_READ)
@require_GET
def detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    ev = queries.event(user, uid)
    venues = {v.code: v for v in queries.venues(ev)}
    found = queries.after_action(ev)
    return render(
        request,
        "events/detail.html",
        {
            "event": ev,
            "hosts": [codes.COUNTRY_NAMES.get(c, c) for c in ev.hosts],
            "nodes": queries.nodes(ev),
            "venues": list(venues.values()),
            "fixtures": [(f, venues.get(f.venue)) for f in queries.fixtures(ev)],
            "liaisons": queries.liaisons(ev),
            "threats": queries.threats_of(user, ev),
            "entries": queries.linked_entries(user, ev),
            "report": found,
            "report_texts": _report_texts(found),
            "can_edit": policy.can(user, ev.obj, Right.EDIT),
            "can_manage": policy.can(user, ev.obj, Right.MANAGE)
            and user.has_permission(Permission.EVENTS_MANAGE),
            "alert_form": forms.LinkAlertForm(),
            "entry_form": _entry_link_form(user, ev),
        },
    )


def _report_texts(found: Any) -> dict[str, str]:
    if found is None:
        return {}
    return {
        "summary": in_language(found.summary),
        "went_well": in_language(found.went_well),
        "to_improve": in_language(found.to_improve),
    }


def _entry_link_form(user: User, ev: Event, data: Any = None) -> forms.LinkEntryForm:
    linked = {e.uid for e in queries.linked_entries(user, ev)}
    choices = [(str(e.uid), e.title) for e in queries.entries(user) if e.uid not in linked]
    return forms.LinkEntryForm(data, entries=choices)


@requires(Permission.EVENTS_READ)
@require_http_methods(["GET", "POST"])
def centre(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The international police cooperation centre: its 24/7 log, newest first, with a quick
    entry form for every user of a participant agency who may write."""
    user = _user(request)
    ev = queries.event(user, uid)
    form = _log_form(request, ev)
    if request.method == "POST" and not user.has_permission(Permission.EVENTS_WRITE):
        return HttpResponse(status=403)
    sent = submit(
        request, form, lambda: actions.log_information(user, ev, **form.cleaned_data), _refuse
    )
    if sent.ok:
        page_results.done(request, sent.result, _("The entry is in the log."))
        return redirect("events:centre", uid=ev.uid)
    fixtures = {f.uid: f for f in queries.fixtures(ev)}
    return render(
        request,
        "events/centre.html",
        {
            "event": ev,
            "form": form,
            "log": [(e, fixtures.get(e.fixture) if e.fixture else None) for e in queries.log(ev)],
            "liaisons": queries.liaisons(ev),
            "can_write": user.has_permission(Permission.EVENTS_WRITE)
            and policy.can(user, ev.obj, Right.EDIT),
        },
        status=sent.status,
    )


def _words() -> dict[str, Any]:
    return {
        "kinds": {value: str(label) for value, label in codes.VenueKind.choices},
        "risks": {value: str(label) for value, label in codes.Risk.choices},
        "capacity": _("Capacity"),
        "matches": _("Matches"),
        "highest_risk": _("Highest risk"),
        "city": _("City"),
        "failed": _("The map could not be drawn. Reload the page to try again."),
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
    }


@requires(Permission.EVENTS_READ)
@require_GET
def venue_map(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    ev = queries.event(_user(request), uid)
    return render(
        request,
        "events/map.html",
        {"event": ev, "data": queries.map_data(ev), "words": _words()},
    )


@requires(Permission.EVENTS_READ)
@require_http_methods(["GET", "POST"])
def fixture(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A match: its risk level and reason, each agency's assessment, a form to add one's own
    (and, for an analyst of the lead, to set the level)."""
    user = _user(request)
    fx = queries.fixture(user, uid)
    can_edit = policy.can(user, fx.event.obj, Right.EDIT)
    assess_form = forms.AssessForm(request.POST if "assess" in request.POST else None)
    risk_form = forms.RiskForm(
        request.POST if "set_risk" in request.POST else None,
        initial={"risk": fx.risk, "reason": fx.reason},
    )
    form: Any = risk_form if "set_risk" in request.POST else assess_form
    act = actions.set_risk if form is risk_form else actions.assess
    sent = submit(request, form, lambda: act(user, fx, **form.cleaned_data), _refuse)
    if sent.ok:
        page_results.done(request, sent.result, _("Saved."))
        return redirect("events:fixture", uid=fx.uid)
    return render(
        request,
        "events/fixture.html",
        {
            "fixture": fx,
            "event": fx.event,
            "venue": next((v for v in queries.venues(fx.event) if v.code == fx.venue), None),
            "assessments": queries.assessments(fx),
            "assess_form": assess_form,
            "risk_form": risk_form,
            "can_write": user.has_permission(Permission.EVENTS_WRITE) and can_edit,
            "can_manage": user.has_permission(Permission.EVENTS_MANAGE) and can_edit,
        },
        status=sent.status,
    )


@requires(Permission.EVENTS_WRITE)
@require_POST
def link_alert(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    ev = queries.event(user, uid)
    form = forms.LinkAlertForm(request.POST)
    if form.is_valid():
        try:
            result = actions.link_alert(user, ev, **form.cleaned_data)
        except Refused as exc:
            show_refusal(request, exc)
        else:
            page_results.done(request, result, _("The alert is linked to the event."))
    else:
        messages.error(request, _("Give the alert's reference."))
    return redirect(reverse("events:detail", kwargs={"uid": ev.uid}) + "#threats")


@requires(Permission.EVENTS_WRITE)
@require_POST
def link_entry(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    ev = queries.event(user, uid)
    form = _entry_link_form(user, ev, request.POST)
    if form.is_valid():
        try:
            result = actions.link_knowledge(user, ev, entry=form.cleaned_data["entry"])
        except Refused as exc:
            show_refusal(request, exc)
        else:
            page_results.done(request, result, _("The entry is linked to the event."))
    else:
        messages.error(request, _("Choose an entry of the knowledge base."))
    return redirect(reverse("events:detail", kwargs={"uid": ev.uid}) + "#knowledge")


@requires(Permission.EVENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def after_action(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    ev = queries.event(user, uid)
    form = forms.AfterActionForm(request.POST or None)
    sent = submit(
        request, form, lambda: actions.write_after_action(user, ev, **form.values()), _refuse
    )
    if sent.ok:
        page_results.done(request, sent.result, _("The after-action report is written."))
        return redirect("events:detail", uid=ev.uid)
    return render(
        request, "events/after_action.html", {"event": ev, "form": form}, status=sent.status
    )


@requires(Permission.EVENTS_READ)
@require_GET
def after_action_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    ev = queries.event(user, uid)
    language = request.GET.get("lang") or (get_language() or "en")[:2]
    data = report.export(user, ev, language, request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{ev.code}-after-action-{language}.pdf"'
    return response


@requires(Permission.EVENTS_READ)
@require_GET
def knowledge(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    topic = request.GET.get("topic", "")
    kind = request.GET.get("kind", "")
    return render(
        request,
        "events/knowledge.html",
        {
            "base": queries.knowledge_base(user),
            "entries": queries.entries(user, topic=topic, kind=kind),
            "topic": topic,
            "kind": kind,
            "topics": codes.Topic.choices,
            "kinds": codes.EntryKind.choices,
            "topic_labels": dict(codes.Topic.choices),
        },
    )


@requires(Permission.EVENTS_READ)
@require_GET
def entry(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.entry(_user(request), uid)
    topics = dict(codes.Topic.choices)
    return render(
        request,
        "events/entry.html",
        {"entry": found, "topics": [topics.get(t, t) for t in found.topics]},
    )


@requires(Permission.EVENTS_WRITE)
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    base = queries.knowledge_base(user)
    if base is None:
        return render(request, "events/knowledge.html", {"base": None, "entries": []})
    evs = {str(e.uid): e for e in queries.events(user)}
    form = forms.EntryForm(request.POST or None, events=[(k, e.name) for k, e in evs.items()])

    def act() -> Any:
        return actions.add_entry(
            user,
            base,
            kind=form.cleaned_data["kind"],
            topics=form.cleaned_data["topics"],
            titles=form.texts("title"),
            texts=form.texts("text"),
            event=evs.get(form.cleaned_data["event"]),
        )

    sent = submit(request, form, act, _refuse)
    if sent.ok:
        page_results.done(request, sent.result, _("The entry is in the knowledge base."))
        return redirect("events:knowledge")
    return render(request, "events/entry_new.html", {"form": form}, status=sent.status)


@requires(Permission.EVENTS_WRITE)
@require_http_methods(["GET", "POST"])
def venue_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A venue of the user's agency, inside a host country (else refused, nothing written)."""
    user = _user(request)
    ev = queries.event(user, uid)
    hosts = [(c, str(codes.COUNTRY_NAMES.get(c, c))) for c in ev.hosts]
    form = forms.VenueForm(request.POST or None, hosts=hosts)
    sent = submit(request, form, lambda: actions.add_venue(user, ev, **form.values()), _refuse)
    if sent.ok:
        page_results.done(request, sent.result, _("The venue is added."))
        return redirect("events:detail", uid=ev.uid)
    return render(request, "events/venue_new.html", {"event": ev, "form": form}, status=sent.status)


@requires(Permission.EVENTS_WRITE)
@require_http_methods(["GET", "POST"])
def fixture_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A match at a venue of the event, during it, with its risk level and the reason."""
    user = _user(request)
    ev = queries.event(user, uid)
    venues = [(v.code, f"{v.name} · {v.city}") for v in queries.venues(ev)]
    form = forms.FixtureForm(request.POST or None, venues=venues)
    sent = submit(
        request, form, lambda: actions.add_fixture(user, ev, **form.cleaned_data), _refuse
    )
    if sent.ok:
        page_results.done(request, sent.result, _("The match is added."))
        return redirect(reverse("events:detail", kwargs={"uid": ev.uid}) + "#fixtures-title")
    return render(
        request, "events/fixture_new.html", {"event": ev, "form": form}, status=sent.status
    )


@requires(Permission.EVENTS_WRITE)
@require_http_methods(["GET", "POST"])
def liaison_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A liaison officer of the user's agency seated in the event's cooperation centre."""
    user = _user(request)
    ev = queries.event(user, uid)
    form = forms.LiaisonForm(request.POST or None, initial={"starts": ev.starts, "ends": ev.ends})
    sent = submit(
        request, form, lambda: actions.post_liaison(user, ev, **form.cleaned_data), _refuse
    )
    if sent.ok:
        page_results.done(request, sent.result, _("The liaison officer is seated."))
        return redirect(reverse("events:detail", kwargs={"uid": ev.uid}) + "#liaisons-title")
    return render(
        request, "events/liaison_new.html", {"event": ev, "form": form}, status=sent.status
    )
