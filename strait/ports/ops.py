"""The port cooperation centre as a shared type: its ops, each with its body, the right it
needs, its check and its effect. Registered with ``strait.sharing`` by ``PortsConfig.ready``.

``members_only=False``: every user of a taking-part agency (the host and the guests) sees the
centre. The home is the host agency's node. A duty log entry, an incident and a day's counts
are each agency's own (``own_agency_only``: the body's ``agency`` is the proposer's); a log
entry and an incident also need the proposer on the roster (``validation``).
"""

from __future__ import annotations

from django.urls import reverse

from strait.ports import effects, validation, wire
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register

KIND = "ports.centre"

CREATE = "ports.create"
SET_RULE = "ports.set_rule"
POST_AGENT = "ports.post_agent"
END_POSTING = "ports.end_posting"
ADD_SHIFT = "ports.add_shift"
LOG_ENTRY = "ports.log_entry"
RECORD_INCIDENT = "ports.record_incident"
UPDATE_INCIDENT = "ports.update_incident"
# One side's screening counts of a day: {agency, day, asked, answered, hits}.
REPORT_COUNTS = "ports.report_counts"

OPS: tuple[Op, ...] = (
    Op(CREATE, wire.Create, Right.MANAGE, apply=effects.create),
    Op(SET_RULE, wire.SetRule, Right.MANAGE, apply=effects.set_rule),
    Op(
        POST_AGENT,
        wire.PostAgent,
        Right.EDIT,
        apply=effects.post_agent,
        check=validation.check_post_agent,
    ),
    Op(
        END_POSTING,
        wire.EndPosting,
        Right.EDIT,
        apply=effects.end_posting,
        check=validation.check_end_posting,
    ),
    Op(
        ADD_SHIFT,
        wire.AddShift,
        Right.EDIT,
        apply=effects.add_shift,
        check=validation.check_add_shift,
    ),
    Op(
        LOG_ENTRY,
        wire.LogEntry,
        Right.EDIT,
        apply=effects.log_entry,
        check=validation.check_log_entry,
        own_agency_only=True,
    ),
    Op(
        RECORD_INCIDENT,
        wire.RecordIncident,
        Right.EDIT,
        apply=effects.record_incident,
        check=validation.check_record_incident,
        own_agency_only=True,
    ),
    Op(
        UPDATE_INCIDENT,
        wire.UpdateIncident,
        Right.EDIT,
        apply=effects.update_incident,
        check=validation.check_update_incident,
        own_agency_only=True,
    ),
    Op(
        REPORT_COUNTS,
        wire.ReportCounts,
        Right.EDIT,
        apply=effects.report_counts,
        own_agency_only=True,
    ),
)


def url(obj: SharedObject) -> str:
    return reverse("ports:centre", kwargs={"uid": obj.uid})


CENTRE = SharedType(KIND, ops=OPS, members_only=False, url=url)


def register_type() -> None:
    register(CENTRE)
