"""Pages of the checks app. Thin: forms check shape, ``actions`` decide and write, ``queries``
read what the user may see; anything else answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.checks import actions, policy, queries
from strait.checks.forms import CheckForm, DecisionForm, DetailsForm, OpeningForm
from strait.checks.models import Check, IncomingCheck
from strait.decisions.models import Verdict
from strait.exchange import effects
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _check_or_404(request: HttpRequest, uid: uuid.UUID) -> Check:
    found = queries.check(_user(request), uid)
    if found is None:
        raise Http404
    return found


def _incoming_or_404(request: HttpRequest, uid: uuid.UUID) -> IncomingCheck:
    found = queries.incoming(_user(request), uid)
    if found is None:
        raise Http404
    return found


@requires(Permission.CHECKS_SEND)
@require_GET
def checks(request: HttpRequest) -> HttpResponse:
    return render(request, "checks/list.html", {"rows": queries.my_checks(_user(request))})


@requires(Permission.CHECKS_SEND)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    channels = queries.check_channels(user)
    form = CheckForm(
        request.POST or None,
        channels=channels,
        sender=user.agency,
        here=effects.local_node(),
        initial={"kind": request.GET.get("kind", "person")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            ask = actions.Ask(
                kind=data["kind"],
                channel=data["channel"],
                recipients=list(data["recipients"]),
                purpose=data["purpose"],
                crime_area=data["crime_area"],
                names=form.name_list(),
                birth_date=data["birth_date"],
                value=data["value"],
                country=data["country"],
            )
            try:
                sent = actions.send_check(ask, acting_user=user, request=request)
            except Refused as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Your check is on its way."))
                return redirect("checks:check", uid=sent.uid)
    return render(request, "checks/new.html", {"form": form, "channels": channels}, status=status)


@requires(Permission.CHECKS_SEND)
@require_GET
def check(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = _check_or_404(request, uid)
    answers = list(found.answers.all())
    user = _user(request)
    askable = {a.pk for a in answers if policy.can_ask_details(user, a)}
    context = {"c": found, "answers": answers, "askable": askable, "details_form": DetailsForm()}
    if request.headers.get("HX-Request"):
        # The answers only, polled while any is pending.
        return render(request, "checks/_answers.html", context)
    return render(request, "checks/check.html", context)


@requires(Permission.CHECKS_SEND)
@require_POST
def ask_details(request: HttpRequest, uid: uuid.UUID, agency: str) -> HttpResponse:
    found = _check_or_404(request, uid)
    answer = next((a for a in found.answers.all() if a.agency.code == agency), None)
    if answer is None:
        raise Http404
    form = DetailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an urgency; the question is at most 5000 characters."))
        return redirect("checks:check", uid=found.uid)
    try:
        message = actions.ask_for_details(
            answer,
            urgency=form.cleaned_data["urgency"],
            question=form.cleaned_data["question"],
            acting_user=_user(request),
            request=request,
        )
    except Refused as exc:
        show_refusal(request, exc)
        return redirect("checks:check", uid=found.uid)
    messages.success(request, _("Your request for the details is on its way."))
    return redirect("exchange:thread", thread_uid=message.thread_uid)


@requires(Permission.CHECKS_ANSWER)
@require_GET
def incoming_list(request: HttpRequest) -> HttpResponse:
    rows = queries.incoming_queue(_user(request))
    actions.consult_list(rows, acting_user=_user(request), request=request)
    statuses = queries.incoming_statuses(_user(request), rows)
    return render(
        request,
        "checks/incoming_list.html",
        {"rows": [(i, statuses.get(i.pk)) for i in rows]},
    )


def _incoming_context(
    request: HttpRequest, incoming: IncomingCheck, form: DecisionForm | None = None
) -> dict[str, Any]:
    user = _user(request)
    candidates = [
        {
            "c": c,
            "history": queries.decision_history(user, incoming, c.record_uid),
            "record": queries.candidate_record(user, c),
            "features": c.compared_features(incoming.query),
        }
        for c in incoming.candidates.all()
    ]
    return {
        "i": incoming,
        "candidates": candidates,
        "form": form or DecisionForm(),
        "verdicts": Verdict.choices,
        "requests": queries.details_requests(user, incoming),
    }


@requires(Permission.CHECKS_ANSWER)
@require_GET
def incoming(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = _incoming_or_404(request, uid)
    try:
        actions.consult(found, acting_user=_user(request), request=request)
    except Refused as exc:  # not the user's agency's: queries already answer "not found"
        raise Http404 from exc
    return render(request, "checks/incoming.html", _incoming_context(request, found))


@requires(Permission.CHECKS_ANSWER)
@require_POST
def decide(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = _incoming_or_404(request, uid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        candidate = queries.candidate(found, form.cleaned_data["candidate"])
        if candidate is None:
            raise Http404
        try:
            actions.decide(
                candidate,
                form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                acting_user=_user(request),
                request=request,
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("checks:incoming", uid=found.uid)
    context = _incoming_context(request, found, form)
    return render(request, "checks/incoming.html", context, status=400)


@requires(Permission.CHECKS_OPEN)
@require_http_methods(["GET", "POST"])
def openings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OpeningForm(
        request.POST or None, channels=queries.opening_channels(user), agency=user.agency
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_opening(
                    partner=data["partner"],
                    channel=data["channel"],
                    kinds=data["kinds"],
                    max_handling=data["max_handling"],
                    acting_user=user,
                    request=request,
                )
            except Refused as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The opening is saved."))
                return redirect("checks:openings")
    return render(
        request,
        "checks/openings.html",
        {"form": form, "openings": queries.openings(user)},
        status=status,
    )


@requires(Permission.CHECKS_OPEN)
@require_POST
def opening_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.opening(_user(request), uid)
    if found is None:
        raise Http404
    try:
        actions.remove_opening(found, acting_user=_user(request), request=request)
    except Refused as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The opening is removed."))
    return redirect("checks:openings")
