"""The bilateral training plan's pages: the plan (the courses of the bodies the reader sees, with
totals per year and per topic), a new course, and a course with its participants by agency and
its evaluations. Thin: the forms check shapes, ``actions`` decide and write (through the body's
ops), ``training`` reads."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.governance import actions, policy, queries, training
from strait.governance.models import Body, Course
from strait.governance.training_forms import (
    CourseForm,
    CourseStatusForm,
    EvaluationForm,
    ParticipantsForm,
)
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal
from strait.sharing import queries as sharing_queries
from strait.sharing.models import Proposal


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _done(result: Any) -> str:
    if isinstance(result, Proposal):
        return _("Sent to the body's home node: it shows here once the home confirms it.")
    return _("Saved.")


def _agencies(bodies: list[Body]) -> list[tuple[str, str]]:
    """The participant agencies of ``bodies``, as choices (abbreviation and code)."""
    found: dict[str, str] = {}
    for body in bodies:
        for p in sharing_queries.participants(body.obj):
            found.setdefault(p.agency.code, f"{p.agency.abbreviation} ({p.agency.code})")
    return sorted(found.items(), key=lambda item: item[1])


@requires(Permission.GOVERNANCE_READ)
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = list(queries.bodies(user))
    chosen = next((b for b in bodies if str(b.obj.uid) == request.GET.get("body")), None)
    courses = training.courses_visible_to(user, chosen)
    listed = list(
        training.with_participants(courses)
        .select_related("body")
        .order_by("-starts_on", "id")[:200]
    )
    hosts = training.agency_labels({c.host_agency for c in listed})
    for c in listed:
        c.host_label = hosts[c.host_agency]  # type: ignore[attr-defined]
    context = {
        "bodies": bodies,
        "chosen": chosen,
        "plan": training.totals(courses),
        "courses": listed,
        "can_add": any(policy.can_edit(user, b) for b in bodies),
    }
    return render(request, "governance/training.html", context)


@requires(Permission.GOVERNANCE_WRITE)
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = [b for b in queries.bodies(user) if policy.can_edit(user, b)]
    initial = {"body": request.GET.get("body", ""), "host_agency": user.agency.code}
    form = CourseForm(
        request.POST or None, bodies=bodies, agencies=_agencies(bodies), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.add_course(user, form.cleaned_data["body"], **form.values())
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _done(result))
            uid = result.body.get("uid")
            if isinstance(result, Proposal) or not uid:
                return redirect("governance:training")
            return redirect("governance:course", uid=uid)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/course_form.html", {"form": form}, status=status)


def _course_forms(course: Course, data: Any = None) -> dict[str, Any]:
    agencies = _agencies([course.body])
    return {
        "status": CourseStatusForm(data, initial={"status": course.status}),
        "participants": ParticipantsForm(data, agencies=agencies),
        "evaluation": EvaluationForm(data),
    }


def _course_page(
    request: HttpRequest, course: Course, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    user = _user(request)
    figures = training.figures(course)
    evaluations = list(course.evaluations.order_by("-created_at", "-id")[:200])
    labels = training.agency_labels(
        {course.host_agency, *(a for a, _n in figures.by_agency), *(e.agency for e in evaluations)}
    )
    for e in evaluations:
        e.agency_label = labels[e.agency]  # type: ignore[attr-defined]
    context = {
        "course": course,
        "host": labels[course.host_agency],
        "figures": figures,
        "participants": [(labels[a], n) for a, n in figures.by_agency],
        "evaluations": evaluations,
        "can_edit": policy.can_edit(user, course.body),
        "forms": forms,
    }
    return render(request, "governance/course.html", context, status=status)


@requires(Permission.GOVERNANCE_READ)
@require_GET
def course(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = training.course(_user(request), uid)
    return _course_page(request, found, _course_forms(found))


Run = Callable[[User, Course, Any], Any]


def _act(request: HttpRequest, uid: uuid.UUID, name: str, run: Run) -> HttpResponse:
    """One op from its form: done -> back to the course; refused or invalid -> the page again
    with the form's errors (400), nothing written."""
    user = _user(request)
    found = training.course(user, uid)
    forms = _course_forms(found)
    forms[name] = _course_forms(found, request.POST)[name]
    form = forms[name]
    if form.is_valid():
        try:
            result = run(user, found, form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _done(result))
            return redirect(reverse("governance:course", kwargs={"uid": uid}) + f"#{name}")
    return _course_page(request, found, forms, status=400)


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def course_status(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "status",
        lambda user, c, data: actions.update_course(user, c, status=data["status"]),
    )


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def course_participants(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "participants",
        lambda user, c, data: actions.set_participants(
            user, c, agency=data["agency"], count=data["count"]
        ),
    )


@requires(Permission.GOVERNANCE_WRITE)
@require_POST
def course_evaluation(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "evaluation",
        lambda user, c, data: actions.add_evaluation(
            user, c, score=data["score"], comment=data["comment"]
        ),
    )
