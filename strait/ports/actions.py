"""Every write to a port cooperation centre: each action requires its permission, builds the
op's body (validated by its ``wire`` shape: a refusal names its field, nothing is sent) and
hands it to ``strait.sharing``: ``create`` on this node, the home, or ``propose`` (ordered at
once on the home, otherwise sent there). Each returns the ``Change`` (applied here) or the
``Proposal`` (on its way to the home), except ``create_centre``.

Callable from pages, the API, the demo, other apps' tasks and scripts alike: a user and plain
values. Signatures other parts rely on:

- ``record_incident(user, centre, *, kind, summary, at=None, terminal="", vessel="",
  rotation="", entities=(), action_taken="", referral_kind="", referral_ref="") -> Change |
  Proposal``: (``at`` now by default)
  an incident at the port (``codes.IncidentType``), and its line in the shared duty log; the
  user must be on the roster at ``at``; ``entities`` are ``(kind, record uid)`` pairs of the
  user's agency's own records (person, vehicle, document), shared as snapshots; the referral
  (``thread`` or ``operation`` and its uid) must be visible to the user.
- ``report_counts(user, centre, *, day, asked, answered, hits) -> Change | Proposal``: the
  user's agency's screening counts of ``day`` (a later report of the same day replaces it);
  a task with no user passes ``queries.reporting_user(centre, agency)``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pydantic
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.governance import evidence
from strait.operations import queries as operations
from strait.operations.actions import snapshot
from strait.permissions import Permission, require
from strait.ports import codes, ops, wire
from strait.ports.models import Centre
from strait.refusals import Refused, problems_of
from strait.sharing import actions as sharing
from strait.sharing.models import Change, ParticipantRole, Proposal

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


class InvalidInput(Refused):
    """A value the op's body does not take: one problem per field, nothing sent."""

    code = "invalid"


class NotYourRecord(Refused):
    """An incident involves only the recording agency's own records."""

    code = "not_your_record"


def _body(body_type: type[wire.Body], /, **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: times as text), or ``InvalidInput``."""
    try:
        body = body_type.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=problems_of(exc)) from None
    return wire.dump(body)


def _propose(
    user: User, centre: Centre, name: str, body: dict[str, Any], permission: Permission
) -> Change | Proposal:
    require(user, permission)
    return sharing.propose(user, centre.obj, name, body)


def create_centre(
    user: User,
    *,
    code: str,
    names: dict[str, str],
    port: str,
    country: str,
    channel: str = "",
    retention_hours: int = 48,
    guests: Iterable[Agency] = (),
) -> Centre:
    """A centre hosted by the user's agency (its lead, this node its home); the guest agencies
    take part (they post their agents, write in the log, record incidents)."""
    require(user, Permission.PORTS_MANAGE)
    body = _body(
        wire.Create,
        code=code,
        names=names,
        port=port,
        country=country,
        host_agency=user.agency.code,
        channel=channel,
        retention_hours=retention_hours,
    )
    others = [(a, str(ParticipantRole.PARTICIPANT)) for a in guests if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling="H1", participants=others
    )
    return Centre.objects.select_related("obj").get(obj=obj)


def set_rule(user: User, centre: Centre, *, retention_hours: int) -> Change | Proposal:
    """How long the centre's manifests are kept (1 to 720 hours)."""
    body = _body(wire.SetRule, retention_hours=retention_hours)
    return _propose(user, centre, ops.SET_RULE, body, Permission.PORTS_MANAGE)


def post_agent(
    user: User,
    centre: Centre,
    *,
    agency: str,
    username: str,
    name: str,
    role: str,
    starts: dt.date,
    until: dt.date | None = None,
) -> Change | Proposal:
    """An agent of ``agency`` (the user's own, or any when the user's agency hosts) posted to
    the centre; ``username`` is the agent's on their agency's node."""
    body = _body(
        wire.PostAgent,
        uid=uuid.uuid4(),
        agency=agency,
        username=username,
        name=name,
        role=role,
        starts=starts,
        until=until,
    )
    return _propose(user, centre, ops.POST_AGENT, body, Permission.PORTS_WRITE)


def end_posting(user: User, centre: Centre, posting: uuid.UUID | str) -> Change | Proposal:
    body = _body(wire.EndPosting, posting=posting)
    return _propose(user, centre, ops.END_POSTING, body, Permission.PORTS_WRITE)


def add_shift(
    user: User,
    centre: Centre,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    postings: Sequence[uuid.UUID | str],
    handover: str = "",
) -> Change | Proposal:
    """A shift of the roster: the postings on duty from ``starts_at`` to ``ends_at``."""
    body = _body(
        wire.AddShift,
        uid=uuid.uuid4(),
        starts_at=starts_at,
        ends_at=ends_at,
        postings=list(postings),
        handover=handover,
    )
    return _propose(user, centre, ops.ADD_SHIFT, body, Permission.PORTS_WRITE)


def log_entry(
    user: User, centre: Centre, *, kind: str, text: str, at: dt.datetime | None = None
) -> Change | Proposal:
    """A line of the duty log, at ``at`` (now by default): refused unless the user is on a shift
    covering that time ("not on the roster")."""
    body = _body(
        wire.LogEntry,
        uid=uuid.uuid4(),
        at=at or timezone.now(),
        kind=kind,
        text=text,
        agency=user.agency.code,
    )
    return _propose(user, centre, ops.LOG_ENTRY, body, Permission.PORTS_WRITE)


def _involved(user: User, entities: Sequence[tuple[str, uuid.UUID | str]]) -> list[dict[str, Any]]:
    if entities:
        require(user, Permission.ENTITIES_READ)
    found = []
    for kind, ref in entities:
        if kind not in codes.EntityKind.values:
            raise InvalidInput(problems=[("entities", _("Choose a person, vehicle or document."))])
        record = operations.own_record(user, kind, ref)
        if record is None:
            raise NotYourRecord(
                _("No record of your agency has this identifier."),
                problems=[("entities", _("Choose one of your agency's records."))],
            )
        label, script, details = snapshot(kind, record)
        found.append(
            {
                "kind": kind,
                "label": label,
                "script": script,
                "details": details,
                "source_ref": str(record.uid),
            }
        )
    return found


def _referral(user: User, kind: str, ref: str) -> dict[str, str] | None:
    """The referral as it travels, when the user sees the thread or operation it names (the
    same refusal for what does not exist and what the user may not see)."""
    if not kind and not ref.strip():
        return None
    if kind not in codes.ReferralKind.values:
        raise InvalidInput(problems=[("referral_kind", _("Choose a thread or an operation."))])
    return {"kind": kind, "ref": evidence.check(user, kind, ref)}


def record_incident(
    user: User,
    centre: Centre,
    *,
    kind: str,
    summary: str,
    at: dt.datetime | None = None,
    terminal: str = "",
    vessel: str = "",
    rotation: str = "",
    entities: Sequence[tuple[str, uuid.UUID | str]] = (),
    action_taken: str = "",
    referral_kind: str = "",
    referral_ref: str = "",
) -> Change | Proposal:
    """An incident at the port, and its line in the shared duty log (see the module's
    docstring)."""
    require(user, Permission.PORTS_WRITE)
    body = _body(
        wire.RecordIncident,
        uid=uuid.uuid4(),
        entry=uuid.uuid4(),
        kind=kind,
        at=at or timezone.now(),
        terminal=terminal,
        vessel=vessel,
        rotation=rotation,
        summary=summary,
        entities=_involved(user, entities),
        action_taken=action_taken,
        referral=_referral(user, referral_kind, referral_ref),
        agency=user.agency.code,
    )
    with transaction.atomic():
        result = _propose(user, centre, ops.RECORD_INCIDENT, body, Permission.PORTS_WRITE)
        # A disclosure of each record to the centre's other agencies (LOG-01), under the
        # record's own name so the agency's data-protection officer finds it.
        for involved in body["entities"]:
            record(
                AuditAction.PORTS_RECORD_SHARED,
                actor=user,
                target=f"{involved['kind']}:{involved['source_ref']}",
                details={"centre": str(centre.obj.uid), "incident": body["uid"]},
            )
    return result


def update_incident(
    user: User,
    centre: Centre,
    incident: uuid.UUID | str,
    *,
    action_taken: str = "",
    referral_kind: str = "",
    referral_ref: str = "",
) -> Change | Proposal:
    """The action taken and the referral of the agency's own incident."""
    require(user, Permission.PORTS_WRITE)
    body = _body(
        wire.UpdateIncident,
        incident=incident,
        action_taken=action_taken,
        referral=_referral(user, referral_kind, referral_ref),
        agency=user.agency.code,
    )
    return _propose(user, centre, ops.UPDATE_INCIDENT, body, Permission.PORTS_WRITE)


def report_counts(
    user: User, centre: Centre, *, day: dt.date, asked: int, answered: int, hits: int
) -> Change | Proposal:
    """The user's agency's screening counts of ``day`` at the centre (see the module's
    docstring)."""
    body = _body(
        wire.ReportCounts,
        agency=user.agency.code,
        day=day,
        asked=asked,
        answered=answered,
        hits=hits,
    )
    return _propose(user, centre, ops.REPORT_COUNTS, body, Permission.PORTS_WRITE)
