"""Every write of alerts. A draft is written by its author (``save_draft``), submitted for review
(``submit``: an ``approvals.Approval`` of kind ``alerts.release``), and released (``release``) or
returned (``return_to_author``) by a supervisor of the same agency who is not its author (four
eyes, AC-05, enforced by ``strait.approvals``). The release creates the shared object in the
approval's transaction: change 1 carries the alert as released, the addressed agencies take
part, and the envelopes to every addressed node commit with it; nothing leaves the node before.
After release every write is a ``strait.sharing`` change (update, extend, withdraw by the
issuer; acknowledge and measures by each agency for itself), the same on every node.

Each action refuses with a ``Refused`` naming what is wrong, and writes nothing then.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import pydantic
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strait.alerts import codes, notify, ops, policy, queries, validation, wire
from strait.alerts.models import Alert, AlertDraft
from strait.approvals import actions as approvals
from strait.approvals import registry as approval_kinds
from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.entities import queries as entities
from strait.operations.actions import snapshot
from strait.permissions import Permission, require
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing.models import ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.approvals.models import Approval
    from strait.sharing.models import Change, Proposal

InvalidAlert = validation.InvalidAlert
RELEASE = queries.RELEASE
# A draft without dates is valid from now for a day.
DEFAULT_VALIDITY = dt.timedelta(hours=24)


class NotEditable(Refused):
    """Only its author edits or submits a draft, and only while it is a draft or returned."""

    code = "not_editable"
    status = 403


class NotSubmitted(Refused):
    """Released or returned only while it waits for review."""

    code = "not_submitted"


def _subject(draft: AlertDraft) -> str:
    return f"{queries.DRAFT_SUBJECT}{draft.uid}"


def _audit_draft(action: AuditAction, user: User, draft: AlertDraft, **details: Any) -> None:
    audit(
        action,
        actor=user,
        target=f"alerts.draft:{draft.uid}",
        details={"type": draft.type, "title": draft.title, **details},
    )


# Drafts.


def _entity_problems(user: User, parsed: validation.DraftIn) -> list[tuple[str, str]]:
    if not parsed.entity_ref:
        return []
    kind = validation.entity_kind(parsed.type, parsed.details.model_dump())
    if not kind or entities.record(user, kind, parsed.entity_ref) is None:
        return [("entity_ref", _("No record of your agency of this kind has this identifier."))]
    return []


def save_draft(user: User, data: dict[str, Any], *, draft: AlertDraft | None = None) -> AlertDraft:
    """Create a draft, or edit one (its author, while a draft or returned). Refuses with every
    problem at once (fields named as the form's) and writes nothing then. A draft may lack the
    type's required fields (checked on submission and release), never hold a wrong value."""
    require(user, Permission.ALERTS_DRAFT)
    if user.agency is None:
        raise NotEditable(_("You belong to no agency."))
    if draft is not None and not policy.can_edit_draft(user, draft):
        raise NotEditable(_("Only its author edits a draft, and not while it is under review."))
    parsed = validation.parse_draft(data)
    now = timezone.now()
    valid_from = parsed.valid_from or (draft.valid_from if draft else now)
    valid_until = parsed.valid_until or (valid_from + DEFAULT_VALIDITY)
    problems = validation.place_problems(parsed.details)
    _agencies, wrong = validation.addressees(user.agency, parsed.addressees)
    problems += wrong
    problems += _entity_problems(user, parsed)
    if valid_until <= valid_from:
        problems.append(("valid_until", _("The end of validity is not after its start.")))
    if problems:
        raise InvalidAlert(_("Some values are not valid."), problems=problems)
    values = {
        "type": parsed.type,
        "title": parsed.title,
        "grounds": parsed.grounds,
        "officer_safety": parsed.officer_safety,
        "handling": parsed.handling,
        "area_kind": parsed.area_kind,
        "area_codes": list(parsed.area_codes),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "addressees": list(dict.fromkeys(parsed.addressees)),
        "entity_ref": parsed.entity_ref,
        "details": parsed.details.model_dump(mode="json", exclude_defaults=True),
    }
    with transaction.atomic():
        if draft is None:
            draft = AlertDraft.objects.create(agency=user.agency, author=user, **values)
        else:
            for name, value in values.items():
                setattr(draft, name, value)
            draft.updated_at = now
            draft.save()
        _audit_draft(AuditAction.ALERT_DRAFT_SAVED, user, draft)
    return draft


def _ready(user: User, draft: AlertDraft) -> list[Any]:
    """The addressed agencies of a draft complete enough to release, or ``InvalidAlert``."""
    problems = validation.release_problems(draft, timezone.now())
    agencies, wrong = validation.addressees(draft.agency, list(draft.addressees))
    problems += wrong
    if problems:
        raise InvalidAlert(_("The alert is not ready to be released."), problems=problems)
    return agencies


def submit(user: User, draft: AlertDraft) -> AlertDraft:
    """The author asks a supervisor of the agency to review and release the draft."""
    require(user, Permission.ALERTS_DRAFT)
    if not policy.can_submit(user, draft):
        raise NotEditable(_("Only its author submits a draft, once."))
    _ready(user, draft)
    with transaction.atomic():
        approval = approvals.request(user, RELEASE, _subject(draft), draft.title)
        draft.status = codes.DraftStatus.SUBMITTED
        draft.approval = approval
        draft.updated_at = timezone.now()
        draft.save(update_fields=["status", "approval", "updated_at"])
        _audit_draft(AuditAction.ALERT_SUBMITTED, user, draft)
    return draft


def cancel_submission(user: User, draft: AlertDraft) -> AlertDraft:
    """The author takes a submitted draft back to edit it."""
    require(user, Permission.ALERTS_DRAFT)
    if draft.author_id != user.pk or draft.approval is None:
        raise NotEditable(_("Only its author takes a draft back."))
    with transaction.atomic():
        cancelled = approvals.cancel(user, draft.approval)
        draft.approval = cancelled
        draft.status = codes.DraftStatus.DRAFT
        draft.updated_at = timezone.now()
        draft.save(update_fields=["status", "updated_at"])
    return draft


def _pending_approval(draft: AlertDraft) -> Approval:
    if draft.status != codes.DraftStatus.SUBMITTED or draft.approval is None:
        raise NotSubmitted(_("This draft is not waiting for review."))
    return draft.approval


def release(user: User, draft: AlertDraft) -> Alert:
    """Approve and release (a supervisor of the agency who is not the author): the alert goes to
    every addressed agency, in the approval's transaction."""
    require(user, Permission.ALERTS_RELEASE)
    decided = approvals.decide(user, _pending_approval(draft), True)
    draft.refresh_from_db()
    draft.approval = decided
    return Alert.objects.select_related("obj").get(obj__uid=str(draft.alert_uid))


def return_to_author(user: User, draft: AlertDraft, note: str) -> AlertDraft:
    """Refuse the release: the draft goes back to its author with the note."""
    require(user, Permission.ALERTS_RELEASE)
    decided = approvals.decide(user, _pending_approval(draft), False, note)
    draft.refresh_from_db()
    draft.approval = decided
    return draft


def _draft_of(approval: Approval) -> AlertDraft:
    uid = approval.subject.removeprefix(queries.DRAFT_SUBJECT)
    return AlertDraft.objects.select_for_update().select_related("agency", "author").get(uid=uid)


def _entity(user: User, draft: AlertDraft) -> dict[str, Any] | None:
    if not draft.entity_ref:
        return None
    kind = validation.entity_kind(draft.type, draft.details or {})
    found = entities.record(user, kind, draft.entity_ref) if kind else None
    if found is None:
        raise InvalidAlert(
            problems=[("entity_ref", _("The record the alert is about is no longer there."))]
        )
    label, script, details = snapshot(kind, found)
    if kind not in ("person", "organisation", "vessel"):
        details.setdefault("identifiers", []).insert(0, {"kind": kind, "value": label[:200]})
    return {"kind": kind, "ref": str(found.uid), "label": label, "script": script, **details}


def _release(approval: Approval, user: User) -> None:
    """The approval kind's ``on_approve``: inside ``approvals.decide``'s transaction."""
    draft = _draft_of(approval)
    if draft.status != codes.DraftStatus.SUBMITTED:
        raise NotSubmitted(_("This draft is not waiting for review."))
    agencies = _ready(user, draft)
    try:
        body = wire.Create.model_validate(
            {
                "type": draft.type,
                "title": draft.title,
                "details": draft.details or {},
                "grounds": draft.grounds,
                "officer_safety": draft.officer_safety,
                "handling": draft.handling,
                "area_kind": draft.area_kind,
                "area_codes": list(draft.area_codes or []),
                "valid_from": draft.valid_from,
                "valid_until": draft.valid_until,
                "origin_agency": draft.agency.code,
                "drafted_by": draft.author.full_name[:150],
                "entity": _entity(user, draft),
            }
        ).model_dump(mode="json")
    except pydantic.ValidationError as exc:
        raise InvalidAlert(
            _("The alert is not ready to be released."), problems=validation.problems_of(exc)
        ) from None
    obj = sharing.create(
        user,
        ops.KIND,
        create_op=ops.CREATE,
        body=body,
        ceiling=draft.handling,
        participants=[(a, ParticipantRole.PARTICIPANT) for a in agencies],
    )
    sharing.propose(user, obj, ops.ANNOUNCE, {})
    draft.status = codes.DraftStatus.RELEASED
    draft.alert_uid = obj.uid
    draft.updated_at = timezone.now()
    draft.save(update_fields=["status", "alert_uid", "updated_at"])
    _audit_draft(
        AuditAction.ALERT_RELEASED,
        user,
        draft,
        alert=str(obj.uid),
        author=draft.author.username,
        addressees=[a.code for a in agencies],
    )


def _return(approval: Approval, user: User, note: str) -> None:
    """The approval kind's ``on_refuse``."""
    draft = _draft_of(approval)
    draft.status = codes.DraftStatus.RETURNED
    draft.review_note = note
    draft.updated_at = timezone.now()
    draft.save(update_fields=["status", "review_note", "updated_at"])
    _audit_draft(AuditAction.ALERT_RETURNED, user, draft, note=note)


def _review_url(approval: Approval) -> str:
    uid = approval.subject.removeprefix(queries.DRAFT_SUBJECT)
    return reverse("alerts:review", kwargs={"uid": uid})


approval_kinds.register(
    approval_kinds.ApprovalKind(
        RELEASE,
        Permission.ALERTS_RELEASE,
        gettext_lazy("Alert to release"),
        on_approve=_release,
        on_refuse=_return,
        url=_review_url,
    )
)


# The released alert: changes through strait.sharing.


def _propose(user: User, alert: Alert, op: str, body: dict[str, Any]) -> Change | Proposal:
    with transaction.atomic():
        result = sharing.propose(user, alert.obj, op, body)
        audit(
            AuditAction.ALERT_CHANGED,
            actor=user,
            target=f"alert:{alert.obj.uid}",
            details={"op": op},
        )
    return result


def _shape(shape: type[wire.Body], values: dict[str, Any]) -> dict[str, Any]:
    try:
        return shape.model_validate(values).model_dump(mode="json")
    except pydantic.ValidationError as exc:
        raise InvalidAlert(
            _("Some values are not valid."), problems=validation.problems_of(exc)
        ) from None


UPDATABLE = ("title", "details", "grounds", "officer_safety", "handling", "area_kind", "area_codes")


def update(user: User, alert: Alert, data: dict[str, Any]) -> Change | Proposal:
    """Change what the alert says (the issuer's supervisors): the fields given replace the
    current ones; every recipient gets the new version."""
    require(user, Permission.ALERTS_RELEASE)
    unknown = set(data) - set(UPDATABLE)
    if unknown:
        raise InvalidAlert(
            problems=[(name, _("This cannot be changed.")) for name in sorted(unknown)]
        )
    values: dict[str, Any] = {name: getattr(alert, name) for name in UPDATABLE}
    values.update(data)
    if isinstance(values.get("details"), dict):
        values["details"] = {k: v for k, v in values["details"].items() if v not in ("", None)}
    body = _shape(wire.Update, values)
    problems = validation.place_problems(wire.Details.model_validate(body["details"]))
    if problems:
        raise InvalidAlert(_("Some values are not valid."), problems=problems)
    return _propose(user, alert, ops.UPDATE, body)


def extend(user: User, alert: Alert, valid_until: dt.datetime) -> Change | Proposal:
    require(user, Permission.ALERTS_RELEASE)
    return _propose(user, alert, ops.EXTEND, _shape(wire.Extend, {"valid_until": valid_until}))


def withdraw(user: User, alert: Alert, reason: str) -> Change | Proposal:
    require(user, Permission.ALERTS_RELEASE)
    return _propose(user, alert, ops.WITHDRAW, _shape(wire.Withdraw, {"reason": reason}))


def acknowledge(user: User, alert: Alert, kind: str, reason: str = "") -> Change | Proposal:
    """The user's agency answers the alert: received, action taken, or cannot act on its
    territory (with the reason)."""
    require(user, Permission.ALERTS_READ)
    body = _shape(
        wire.Acknowledge,
        {
            "uid": uuid.uuid4(),
            "agency": user.agency.code if user.agency else "",
            "kind": kind,
            "reason": reason,
        },
    )
    return _propose(user, alert, ops.ACKNOWLEDGE, body)


def add_measure(user: User, alert: Alert, text: str) -> Change | Proposal:
    """A measure the user's agency took (the rapid-reaction log)."""
    require(user, Permission.ALERTS_DRAFT)
    body = _shape(
        wire.AddMeasure,
        {"uid": uuid.uuid4(), "agency": user.agency.code if user.agency else "", "text": text},
    )
    return _propose(user, alert, ops.ADD_MEASURE, body)


# Reading.


def consult(user: User, alert: Alert, *, request: HttpRequest | None = None) -> None:
    """Reading an alert (a person's names, a vehicle's plate, the grounds) is a consultation of
    personal data (LOG-01): one entry per page or API read."""
    require(user, Permission.ALERTS_READ)
    audit(
        AuditAction.ALERT_CONSULTED,
        request=request,
        actor=user,
        target=f"alert:{alert.obj.uid}",
        details={"type": alert.type, "title": alert.title},
    )


# Escalation.


def escalate(now: dt.datetime | None = None) -> int:
    """Tell the supervisors of each addressed agency on this node that has not acknowledged an
    active alert past its type's time (10 minutes for a surge or a dangerous person, an hour
    otherwise), once per alert and agency. Returns how many were told."""
    moment = now or timezone.now()
    told = 0
    for alert, agency in queries.escalation_due(moment):
        with transaction.atomic():
            new = notify.unacknowledged(alert, agency, moment)
            if new:
                audit(
                    AuditAction.ALERT_ESCALATED,
                    actor=None,
                    agency=agency.code,
                    target=f"alert:{alert.obj.uid}",
                    details={"agency": agency.code, "supervisors": new},
                )
        told += new
    return told
