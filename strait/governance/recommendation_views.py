"""Governance pages of recommendations, their actions and evidence. Thin like ``views``: the
evidence offered is picked from what the user can see (their operations, alerts, threads,
channels, the body's courses and documents), and shown to each reader as ``evidence.resolve``
lets them see it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.alerts import queries as alerts_queries
from strait.exchange import queries as exchange_queries
from strait.governance import actions, codes, evidence, forms, policy, queries
from strait.governance.models import Body, Recommendation
from strait.governance.views import agency_choices, done_message, member_codes, user_of
from strait.operations import queries as operations_queries
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal, submit
from strait.sharing.models import Proposal


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.body(user, uid)
    choices = [(str(m.uid), str(m)) for m in found.meetings.all()]
    initial = {"meeting": request.GET.get("meeting", "")[:40]}
    form = forms.RecommendationForm(request.POST or None, meetings=choices, initial=initial)

    def act() -> Any:
        source = form.cleaned_data["meeting"]
        return actions.add_recommendation(
            user,
            found,
            texts=form.texts("text"),
            number=form.cleaned_data["number"],
            meeting=found.meetings.get(uid=source) if source else None,
        )

    sent = submit(request, form, act)
    if sent.ok:
        messages.success(request, done_message(sent.result))
        if isinstance(sent.result, Proposal):
            return redirect("governance:body", uid=found.obj.uid)
        return redirect("governance:recommendation", uid=sent.result.body["uid"])
    context = {"form": form, "body": found}
    return render(request, "governance/recommendation_form.html", context, status=sent.status)


def _picks(user: User, found: Body) -> list[tuple[str, Any]]:
    """What the user can see, to link as evidence: grouped by kind."""
    groups: list[tuple[str, Any]] = []
    operations = [
        (f"operation:{op.obj.uid}", op.code_name)
        for op in operations_queries.operations_visible_to(user).order_by("-id")[:100]
    ]
    if operations:
        groups.append((str(codes.EvidenceKind.OPERATION.label), operations))
    alerts = [
        (f"alert:{a.obj.uid}", a.title) for a in alerts_queries.visible(user).order_by("-id")[:100]
    ]
    if alerts:
        groups.append((str(codes.EvidenceKind.ALERT.label), alerts))
    if user.has_permission(Permission.MESSAGES_READ):
        threads = [
            (f"thread:{thread_uid}", subject)
            for thread_uid, subject in operations_queries.recent_threads(user)
        ]
        if threads:
            groups.append((str(codes.EvidenceKind.THREAD.label), threads))
    channels = [
        (f"channel:{c.code}", str(c)) for c in exchange_queries.channels_visible_to(user)[:100]
    ]
    if channels:
        groups.append((str(codes.EvidenceKind.CHANNEL.label), channels))
    courses = [(f"course:{c.uid}", str(c)) for c in found.courses.all()[:100]]
    if courses:
        groups.append((str(codes.EvidenceKind.COURSE.label), courses))
    documents = [(f"document:{d.uid}", str(d)) for d in found.documents.all()[:100]]
    if documents:
        groups.append((str(codes.EvidenceKind.DOCUMENT.label), documents))
    return groups


def _recommendation_context(
    request: HttpRequest,
    found: Recommendation,
    bound: dict[str, django_forms.Form] | None = None,
    bound_for: uuid.UUID | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    body_ = found.body
    edit = policy.can_edit(user, body_)
    members = agency_choices(member_codes(body_))
    today = timezone.localdate()
    picks = _picks(user, body_) if edit else []
    rows = []
    for item in found.actions.prefetch_related("evidence"):
        mine = bound_for == item.uid
        linked = [
            {"evidence": ev, "target": evidence.resolve(user, ev)}
            for ev in item.evidence.all()
            if ev.removed_at is None
        ]
        open_ = item.status not in (codes.ActionStatus.DONE, codes.ActionStatus.DROPPED)
        # Each action's forms with ids of their own (several actions on one page).
        status_form = (bound or {}).get("status") if mine else None
        evidence_form = (bound or {}).get("evidence") if mine else None
        rows.append(
            {
                "action": item,
                "late": (today - item.deadline).days if open_ and item.deadline < today else 0,
                "evidence": linked,
                "status_form": status_form
                or forms.ActionStatusForm(
                    initial={"status": item.status, "reason": item.drop_reason},
                    auto_id=f"id_{item.uid}_%s",
                ),
                "evidence_form": evidence_form
                or (forms.EvidenceForm(picks=picks, auto_id=f"id_{item.uid}_%s") if edit else None),
            }
        )
    action_form = (bound or {}).get("action") or forms.ActionForm(agencies=members)
    return {
        "recommendation": found,
        "body": body_,
        "obj": body_.obj,
        "rows": rows,
        "agencies": dict(members),
        "action_form": action_form if edit else None,
        "can_edit": edit,
        "bound": bound or {},
    }


@requires(Permission.GOVERNANCE_READ)
@require_GET
def recommendation(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.recommendation(user_of(request), uid)
    return render(
        request, "governance/recommendation.html", _recommendation_context(request, found)
    )


def _back_to(found: Recommendation, anchor: str) -> HttpResponse:
    return redirect(reverse("governance:recommendation", kwargs={"uid": found.uid}) + anchor)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def action_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.recommendation(user, uid)
    form = forms.ActionForm(request.POST, agencies=agency_choices(member_codes(found.body)))
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.add_action(
                user,
                found,
                title=form.texts("title"),
                owner_agency=data["owner_agency"],
                co_owner_agency=data["co_owner_agency"],
                deadline=data["deadline"],
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, done_message(result))
            return _back_to(found, "#actions")
    context = _recommendation_context(request, found, {"action": form})
    return render(request, "governance/recommendation.html", context, status=400)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def action_status(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    item = queries.action_item(user, uid)
    form = forms.ActionStatusForm(request.POST, auto_id=f"id_{item.uid}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.set_action_status(
                user, item, status=data["status"], reason=data["reason"], done_on=data["done_on"]
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, done_message(result))
            return _back_to(item.recommendation, f"#action-{item.uid}")
    context = _recommendation_context(request, item.recommendation, {"status": form}, item.uid)
    return render(request, "governance/recommendation.html", context, status=400)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def evidence_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    item = queries.action_item(user, uid)
    form = forms.EvidenceForm(
        request.POST, picks=_picks(user, item.recommendation.body), auto_id=f"id_{item.uid}_%s"
    )
    if form.is_valid():
        try:
            result = actions.add_evidence(user, item, **form.values())
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, done_message(result))
            return _back_to(item.recommendation, f"#action-{item.uid}")
    context = _recommendation_context(request, item.recommendation, {"evidence": form}, item.uid)
    return render(request, "governance/recommendation.html", context, status=400)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def evidence_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = queries.evidence_item(user, uid)
    back = found.action.recommendation
    try:
        result = actions.remove_evidence(user, found)
    except Refused as exc:
        show_refusal(request, exc)
        context = _recommendation_context(request, back)
        return render(request, "governance/recommendation.html", context, status=400)
    messages.success(request, done_message(result))
    return _back_to(back, f"#action-{found.action.uid}")
