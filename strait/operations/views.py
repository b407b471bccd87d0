"""Pages of joint operations. Thin: forms check shape, ``actions`` decide and write (through the
shared object's ops), ``queries`` read what the user may see; anything else answers 404."""

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
from strait.agencies.queries import agency_by_code
from strait.entities import actions as entities_actions
from strait.entities.queries import Row
from strait.operations import actions, codes, forms, policy, queries
from strait.operations.models import Operation
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal
from strait.sharing.models import Proposal


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _operation(request: HttpRequest, uid: uuid.UUID) -> Operation:
    return queries.operation(_user(request), uid)


@requires(Permission.OPERATIONS_READ)
@require_GET
def operations(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "operations/list.html",
        {"rows": list(queries.operations_visible_to(user)), "can_create": policy.can_create(user)},
    )


@requires(Permission.OPERATIONS_CREATE)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.OperationForm(request.POST or None, agency=user.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = actions.create_operation(
                    user,
                    code_name=data["code_name"],
                    crime_area=data["crime_area"],
                    legal_basis=data["legal_basis"],
                    purpose=data["purpose"],
                    ceiling=data["ceiling"],
                    status=data["status"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    participants=form.agencies(),
                )
            except Refused as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The operation is open."))
                return redirect("operations:detail", uid=made.obj.uid)
    return render(request, "operations/new.html", {"form": form}, status=status)


# The forms of the detail page, each built with the choices it needs.


def _entity_choices(op: Operation) -> list[tuple[str, str]]:
    """Read once per request, for the relation and the event forms alike."""
    cached: list[tuple[str, str]] | None = getattr(op, "_entity_choices", None)
    if cached is None:
        cached = queries.entity_choices(op)
        op._entity_choices = cached  # type: ignore[attr-defined]
    return cached


def _record_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """The agency's newest records, or what the share form's search finds (a search of the
    agency's records is a consultation of them: audited by the entities' own action)."""
    user = _user(request)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        found = queries.find_records(user, query)
        entities_actions.consult_list(
            [Row(kind, record) for kind, record in found],
            query=query,
            kind="",
            acting_user=user,
            request=request,
        )
    else:
        found = queries.shareable_records(user, list(codes.EntityKind.values))
    choices = []
    for kind, record in found:
        label, _script, _details = actions.snapshot(kind, record)
        choices.append((f"{kind}:{record.uid}", f"{codes.EntityKind(kind).label}: {label}"))
    return choices


def _agency_choices(op: Operation) -> list[tuple[str, str]]:
    return [(p.agency.code, p.agency.abbreviation) for p in queries.participants(op)]


FormMaker = Callable[[HttpRequest, Operation, Any], django_forms.Form]

MAKERS: dict[str, FormMaker] = {
    "update": lambda r, op, data: forms.UpdateForm(
        data,
        initial={
            "status": op.status,
            "purpose": op.purpose,
            "starts_on": op.starts_on,
            "ends_on": op.ends_on,
        },
    ),
    "share": lambda r, op, data: forms.ShareForm(data, records=_record_choices(r)),
    "withdraw": lambda r, op, data: forms.EntityRefForm(data),
    "relation": lambda r, op, data: forms.RelationForm(data, entities=_entity_choices(op)),
    "relation_remove": lambda r, op, data: forms.RelationRefForm(data),
    "timeline": lambda r, op, data: forms.TimelineForm(data, entities=_entity_choices(op)),
    "task": lambda r, op, data: forms.TaskForm(
        data,
        agencies=_agency_choices(op),
        initial={"owner_agency": getattr(_user(r).agency, "code", "")},
    ),
    "task_status": lambda r, op, data: forms.TaskStatusForm(data),
    "note": lambda r, op, data: forms.NoteForm(data),
    "thread": lambda r, op, data: forms.ThreadForm(data, threads=queries.recent_threads(_user(r))),
    "outcome": lambda r, op, data: forms.OutcomeForm(
        data, initial={"country": getattr(getattr(_user(r).agency, "country", None), "code", "")}
    ),
    "outcome_correct": lambda r, op, data: forms.CorrectOutcomeForm(data),
    "participant": lambda r, op, data: forms.ParticipantForm(
        data, exclude=[p.agency_id for p in queries.participants(op)]
    ),
    "participant_remove": lambda r, op, data: forms.AgencyRefForm(data),
    "ceiling": lambda r, op, data: forms.CeilingForm(data, initial={"handling": op.obj.ceiling}),
    "participant_role": lambda r, op, data: forms.RoleForm(data),
    "member": lambda r, op, data: forms.MemberForm(data, users=queries.colleagues(_user(r), op)),
    "member_remove": lambda r, op, data: forms.MemberRefForm(data),
}


# Above this many entities, the forms that name entities (a relation, an event) are on their
# section's page only: the detail page stays light.
ENTITY_FORMS_ON_DETAIL = 200
NAMING_ENTITIES = ("relation", "timeline")


def _context(
    request: HttpRequest,
    op: Operation,
    bound: dict[str, django_forms.Form] | None = None,
    parts: dict[str, queries.Part] | None = None,
) -> dict[str, Any]:
    user = _user(request)
    allowed = policy.forms_allowed(user, op)
    entity_count = op.entities.count()
    detail = parts is None
    if detail:  # the detail page: the first few of every section
        parts = {
            name: queries.part(user, op, name, size=queries.PREVIEW) for name in queries.SECTIONS
        }
        if entity_count > ENTITY_FORMS_ON_DETAIL:
            allowed |= {name: False for name in NAMING_ENTITIES if not (bound or {}).get(name)}
    shown = {
        name: (bound or {}).get(name) or MAKERS[name](request, op, None)
        for name, ok in allowed.items()
        if ok
    }
    return {
        "op": op,
        "obj": op.obj,
        "role": queries.role_of(user, op),
        "participants": queries.participants(op),
        "members": queries.members(op),
        "parts": parts,
        "entity_count": entity_count,
        "forms": shown,
        "bound": bound or {},
        "can_edit": allowed["note"],
        "can_manage": allowed["participant"],
        "my_agency": getattr(user.agency, "code", ""),
        "task_statuses": codes.TaskStatus.choices,
        "detail": detail,
    }


@requires(Permission.OPERATIONS_READ)
@require_GET
def detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    op = _operation(request, uid)
    actions.consult(_user(request), op, request=request)
    return render(request, "operations/detail.html", _context(request, op))


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        return 1


@requires(Permission.OPERATIONS_READ)
@require_GET
def section(request: HttpRequest, uid: uuid.UUID, name: str) -> HttpResponse:
    """One section of the operation, all of it, a page at a time."""
    op = _operation(request, uid)
    found = queries.part(_user(request), op, name, number=_page_number(request))
    actions.consult(_user(request), op, section=name, request=request)
    context = _context(request, op, parts={name: found}) | {"part": found, "full": True}
    return render(request, "operations/section.html", context)


def _done(result: Any) -> str:
    if isinstance(result, Proposal):
        return _("Sent to the operation's home node: it shows here once the home confirms it.")
    return _("Saved.")


Run = Callable[[User, Operation, Any], Any]


def _act(request: HttpRequest, uid: uuid.UUID, name: str, run: Run, anchor: str) -> HttpResponse:
    """One op from its form: done -> back to the section; refused or invalid -> the page again
    with the form's errors (400), nothing written."""
    user = _user(request)
    op = _operation(request, uid)
    form = MAKERS[name](request, op, request.POST)
    if form.is_valid():
        try:
            result = run(user, op, form)
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _done(result))
            return redirect(reverse("operations:detail", kwargs={"uid": uid}) + f"#{anchor}")
    actions.consult(user, op, request=request)
    context = _context(request, op, {name: form})
    return render(request, "operations/detail.html", context, status=400)


def _data(form: Any) -> dict[str, Any]:
    return dict(form.cleaned_data)


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def update(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "update",
        lambda user, op, form: actions.update_operation(user, op, **_data(form)),
        "summary",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def share(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    def run(user: User, op: Operation, form: Any) -> Any:
        kind, record = form.kind_and_uid()
        handling = form.cleaned_data["handling"]
        return actions.share_entity(user, op, kind=kind, record=record, handling=handling)

    return _act(request, uid, "share", run, "entities")


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def withdraw(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "withdraw",
        lambda user, op, form: actions.withdraw_entity(user, op, form.cleaned_data["entity"]),
        "entities",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def relation_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "relation",
        lambda user, op, form: actions.add_relation(user, op, **_data(form)),
        "relations",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def relation_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "relation_remove",
        lambda user, op, form: actions.remove_relation(user, op, form.cleaned_data["relation"]),
        "relations",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def timeline_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "timeline",
        lambda user, op, form: actions.add_timeline(user, op, **_data(form)),
        "timeline",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def task_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "task",
        lambda user, op, form: actions.add_task(user, op, **_data(form)),
        "tasks",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def task_status(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "task_status",
        lambda user, op, form: actions.set_task_status(
            user, op, form.cleaned_data["task"], form.cleaned_data["status"]
        ),
        "tasks",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def note_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "note",
        lambda user, op, form: actions.add_note(user, op, form.cleaned_data["text"]),
        "notes",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def thread_link(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "thread",
        lambda user, op, form: actions.link_thread(user, op, form.cleaned_data["thread"]),
        "threads",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def outcome_record(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "outcome",
        lambda user, op, form: actions.record_outcome(user, op, **form.figures()),
        "outcomes",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def outcome_correct(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "outcome_correct",
        lambda user, op, form: actions.correct_outcome(
            user, op, form.cleaned_data["outcome"], **form.figures()
        ),
        "outcomes",
    )


def _agency(code: str) -> Any:
    found = agency_by_code(code)
    if found is None:
        raise Refused(_("Unknown agency."), problems=[("agency", _("Unknown agency."))])
    return found


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def participant_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "participant",
        lambda user, op, form: actions.add_participant(
            user, op, form.cleaned_data["agency"], form.cleaned_data["role"]
        ),
        "participants",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def participant_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "participant_remove",
        lambda user, op, form: actions.remove_participant(
            user, op, _agency(form.cleaned_data["agency"])
        ),
        "participants",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def member_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "member",
        lambda user, op, form: actions.add_member(user, op, form.cleaned_data["member"]),
        "members",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def member_remove(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "member_remove",
        lambda user, op, form: actions.remove_member(
            user, op, _agency(form.cleaned_data["agency"]), form.cleaned_data["username"]
        ),
        "members",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def ceiling(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "ceiling",
        lambda user, op, form: actions.set_ceiling(user, op, form.cleaned_data["handling"]),
        "summary",
    )


@requires(Permission.OPERATIONS_WRITE)
@require_POST
def participant_role(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        "participant_role",
        lambda user, op, form: actions.set_role(
            user, op, _agency(form.cleaned_data["agency"]), form.cleaned_data["role"]
        ),
        "participants",
    )
