"""Pages of the entities app. Thin: forms check shape, ``actions`` check and write, ``queries``
read the user's agency's records; anything else answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.entities import actions, exports, imports, queries
from strait.entities.csv_format import FileRefused
from strait.entities.csv_format import read as read_csv
from strait.entities.csv_format import template as csv_template
from strait.entities.forms import (
    ExportDecisionForm,
    ExportRequestForm,
    IdentifierFormSet,
    ImportForm,
    MarkingsForm,
    NameFormSet,
    PersonForm,
    SearchForm,
    name_initial,
    person_draft,
    record_fields,
    record_form,
    record_initial,
)
from strait.entities.ftm import read as read_ftm
from strait.entities.ftm import template as ftm_template
from strait.entities.models import ImportBatch, Person
from strait.entities.validation import FIELDS, KINDS, Invalid, kind_labels
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _record_or_404(request: HttpRequest, kind: str, uid: uuid.UUID) -> Any:
    found = queries.record(_user(request), kind, uid)
    if found is None:
        raise Http404
    return found


@requires(Permission.ENTITIES_READ)
@require_GET
def entity_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = kind = sort = ""
    page = 1
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        sort, page = form.cleaned_data["sort"], form.cleaned_data["page"] or 1
    found = queries.find(_user(request), query, kind, sort=sort, page=page)
    actions.consult_list(
        found.rows, query=query, kind=kind, acting_user=_user(request), request=request
    )

    def page_link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return render(
        request,
        "entities/list.html",
        {
            "form": form,
            "rows": found.rows,
            "found": found,
            "previous_page": page_link(found.number - 1) if found.has_previous else "",
            "next_page": page_link(found.number + 1) if found.has_next else "",
            "kinds": kind_labels(),
            "page": queries.PAGE,
        },
    )


@requires(Permission.ENTITIES_READ)
@require_GET
def detail(request: HttpRequest, kind: str, uid: uuid.UUID) -> HttpResponse:
    record = _record_or_404(request, kind, uid)
    actions.consult(record, acting_user=_user(request), request=request)
    context: dict[str, Any] = {"record": record, "kind": kind, "label": kind_labels()[kind]}
    if isinstance(record, Person):
        context |= queries.belongings(record)
        context["names"] = list(record.names.all())
    else:
        context["facts"] = _facts(kind, record)
    return render(request, "entities/detail.html", context)


def _facts(kind: str, record: Any) -> list[tuple[str, str]]:
    """A record's own fields as (label, text) for its page."""
    facts = []
    for name in FIELDS[kind]:
        field = record._meta.get_field(name)
        value = getattr(record, f"get_{name}_display")() if field.choices else getattr(record, name)
        if isinstance(value, list):
            value = " · ".join(value)
        if value:
            facts.append((str(field.verbose_name), str(value)))
    if getattr(record, "checked_format", ""):
        facts.append((_("Number checked as"), record.checked_format))
    return facts


def _person_page(
    request: HttpRequest,
    form: PersonForm,
    names: forms.BaseFormSet,
    identifiers: forms.BaseFormSet,
    person: Person | None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "names": names, "identifiers": identifiers, "person": person}
    return render(request, "entities/person_form.html", context, status=status)


@requires(Permission.ENTITIES_WRITE)
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    return _person_edit(request, None)


@requires(Permission.ENTITIES_WRITE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _person_edit(request, _record_or_404(request, "person", uid))


def _person_edit(request: HttpRequest, person: Person | None) -> HttpResponse:
    user = _user(request)
    if request.method != "POST":
        initial = name_initial(person) if person is not None else None
        return _person_page(
            request,
            PersonForm(record=person),
            NameFormSet(prefix="names", initial=initial),
            IdentifierFormSet(prefix="ids"),
            person,
        )
    form = PersonForm(request.POST, record=person)
    names = NameFormSet(request.POST, prefix="names")
    identifiers = IdentifierFormSet(request.POST, prefix="ids")
    if form.is_valid() and names.is_valid() and identifiers.is_valid():
        draft = person_draft(form, names, identifiers)
        try:
            if person is None:
                person = actions.create_person(draft, acting_user=user, request=request)
                messages.success(request, _("The person is recorded."))
            else:
                actions.update_person(person, draft, acting_user=user, request=request)
                messages.success(request, _("The person is updated."))
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("entities:detail", kind="person", uid=person.uid)
    return _person_page(request, form, names, identifiers, person, status=400)


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS or kind == "person":
        raise Http404
    return kind


def _record_page(
    request: HttpRequest, kind: str, form: MarkingsForm, record: Any, status: int = 200
) -> HttpResponse:
    context = {"form": form, "kind": kind, "record": record, "label": kind_labels()[kind]}
    return render(request, "entities/record_form.html", context, status=status)


def _save_record(request: HttpRequest, kind: str, record: Any) -> HttpResponse:
    user = _user(request)
    form_class = record_form(kind)
    if request.method != "POST":
        if record is not None:
            form = form_class(initial=record_initial(kind, record), record=record)
        else:
            form = form_class(initial={"owner": request.GET.get("person", "")})
        return _record_page(request, kind, form, record)
    form = form_class(request.POST, record=record)
    if form.is_valid():
        try:
            if record is None:
                owner_uid = form.cleaned_data.get("owner")
                owner = queries.person(user, owner_uid) if owner_uid else None
                if owner_uid and owner is None:
                    raise Invalid([("owner", _("No person of your agency has this reference."))])
                record = actions.create_record(
                    kind,
                    record_fields(kind, form),
                    form.markings(),
                    acting_user=user,
                    person=owner,
                    request=request,
                )
            else:
                actions.update_record(
                    record,
                    record_fields(kind, form),
                    form.markings(),
                    acting_user=user,
                    request=request,
                )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("entities:detail", kind=kind, uid=record.uid)
    return _record_page(request, kind, form, record, status=400)


@requires(Permission.ENTITIES_WRITE)
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "person":
        return redirect("entities:person_new")
    return _save_record(request, _kind_or_404(kind), None)


@requires(Permission.ENTITIES_WRITE)
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, uid: uuid.UUID) -> HttpResponse:
    if kind == "person":
        return redirect("entities:person_edit", uid=uid)
    record = _record_or_404(request, _kind_or_404(kind), uid)
    return _save_record(request, kind, record)


@requires(Permission.ENTITIES_WRITE)
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, kind: str, uid: uuid.UUID) -> HttpResponse:
    record = _record_or_404(request, kind, uid)
    if request.method == "POST":
        actions.erase(record, acting_user=_user(request), request=request)
        messages.success(request, _("The record is erased."))
        return redirect("entities:list")
    return render(request, "entities/erase.html", {"record": record, "kind": kind})


# Room for the form's other fields and the multipart boundaries around the file.
_FORM_OVERHEAD = 64 * 1024


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > imports.MAX_BYTES + _FORM_OVERHEAD


@requires(Permission.ENTITIES_IMPORT)
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST" and _too_large(request):
        # Refused before the body is read (IO-02): the declared length is over the limit.
        messages.error(
            request, _("The file is larger than %(n)s MiB.") % {"n": imports.MAX_BYTES // 2**20}
        )
        context = {"form": ImportForm(), "batches": queries.batches(user)}
        return render(request, "entities/import.html", context, status=413)
    initial = {}
    if request.GET.get("on_existing") in ImportBatch.OnExisting.values:
        initial["on_existing"] = request.GET["on_existing"]
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = form.cleaned_data["format"]
        batch = imports.open_batch(
            user,
            filename=upload.name,
            fmt=fmt,
            on_existing=form.cleaned_data["on_existing"],
            request=request,
        )
        try:
            text = upload.read().decode("utf-8")
            reader = read_csv if fmt == ImportBatch.Format.CSV else read_ftm
            items = reader(text, form.markings())
        except UnicodeDecodeError:
            imports.refuse_file(batch, [_("The file is not UTF-8 text.")])
        except FileRefused as exc:
            imports.refuse_file(batch, [exc.message], row=exc.row)
        else:
            imports.submit(batch, items, user)
        return redirect("entities:import_status", uid=batch.uid)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "batches": queries.batches(user)}
    return render(request, "entities/import.html", context, status=status)


@requires(Permission.ENTITIES_IMPORT)
@require_GET
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """A file to fill in, per format: every CSV column, or FollowTheMoney's schemata."""
    if fmt == ImportBatch.Format.CSV:
        text, content_type, suffix = csv_template(), "text/csv", "csv"
    elif fmt == ImportBatch.Format.FTM:
        text, content_type, suffix = ftm_template(), "application/x-ndjson", "ftm.json"
    else:
        raise Http404
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="strait-import-template.{suffix}"'
    return response


@requires(Permission.ENTITIES_IMPORT)
@require_GET
def import_status(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    batch = queries.batch(_user(request), uid)
    if batch is None:
        raise Http404
    actions.consult_import_report(batch, acting_user=_user(request), request=request)
    finished = batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.REFUSED)
    held = sum(1 for r in batch.refusals if isinstance(r, dict) and r.get("held"))
    context = {"batch": batch, "finished": finished, "held": held}
    if request.headers.get("HX-Request"):
        return render(request, "entities/_import_progress.html", context)
    return render(request, "entities/import_status.html", context)


def _export_page(request: HttpRequest, form: ExportRequestForm, status: int = 200) -> HttpResponse:
    user = _user(request)
    context = {
        "form": form,
        "requests": [r for r in exports.visible(user) if r.requested_by_id == user.pk],
        "pending": exports.pending_for(user),
        "now": timezone.now(),
    }
    return render(request, "entities/export.html", context, status=status)


@requires(Permission.ENTITIES_IMPORT)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """Ask for an export of the agency's records, with a justification (AC-05)."""
    if request.method != "POST":
        return _export_page(request, ExportRequestForm())
    form = ExportRequestForm(request.POST)
    if form.is_valid():
        try:
            exports.request_export(
                _user(request), form.cleaned_data["justification"], request=request
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("The export is asked. A supervisor of your agency must approve it.")
            )
            return redirect("entities:export")
    return _export_page(request, form, status=400)


@requires(Permission.ENTITIES_EXPORT_APPROVE)
@require_GET
def export_requests(request: HttpRequest) -> HttpResponse:
    """Export requests of the agency waiting for this supervisor's decision."""
    pending = exports.pending_for(_user(request))
    return render(
        request,
        "entities/export_requests.html",
        {"pending": pending},
    )


@requires(Permission.ENTITIES_EXPORT_APPROVE)
@require_POST
def export_decide(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    asked = exports.find(user, uid)
    if asked is None:
        raise Http404
    form = ExportDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or refuse."))
        return redirect("entities:export_requests")
    try:
        exports.decide(
            asked,
            user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            request=request,
        )
    except Refused as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect("entities:export_requests")


@requires(Permission.ENTITIES_IMPORT)
@require_POST
def export_download(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The approved export, once, by its requester, as an attachment."""
    user = _user(request)
    asked = exports.find(user, uid)
    if asked is None or asked.requested_by_id != user.pk:
        raise Http404
    try:
        body = exports.download(asked, user, request=request)
    except Refused as exc:
        show_refusal(request, exc)
        return redirect("entities:export")
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(user)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
