"""What each op does to the local copy of a centre: the ONLY writers of its rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home): they never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.ports import codes, wire
from strait.ports.models import Centre, CountReport, Incident, LogEntry, Posting, Shift
from strait.sharing.effects import body_of, by_name, same_names

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def _centre(applied: Applied) -> Centre:
    return Centre.objects.get(obj=applied.obj)


def create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    Centre.objects.create(
        obj=applied.obj,
        **same_names(body, "code", "port", "country", "host_agency", "channel"),
        name_ar=body.names.ar,
        name_es=body.names.es,
        name_fr=body.names.fr,
        name_en=body.names.en,
        manifest_retention_hours=body.retention_hours,
        created_at=applied.at,
    )


def set_rule(applied: Applied) -> None:
    body: wire.SetRule = body_of(applied, wire.SetRule)
    Centre.objects.filter(obj=applied.obj).update(manifest_retention_hours=body.retention_hours)


def post_agent(applied: Applied) -> None:
    body: wire.PostAgent = body_of(applied, wire.PostAgent)
    Posting.objects.create(
        centre=_centre(applied),
        **same_names(body, "uid", "agency", "username", "name", "role", "starts", "until"),
        posted_at=applied.at,
    )


def end_posting(applied: Applied) -> None:
    body: wire.EndPosting = body_of(applied, wire.EndPosting)
    Posting.objects.filter(centre__obj=applied.obj, uid=body.posting).update(ended_at=applied.at)


def add_shift(applied: Applied) -> None:
    body: wire.AddShift = body_of(applied, wire.AddShift)
    centre = _centre(applied)
    shift = Shift.objects.create(
        centre=centre,
        **same_names(body, "uid", "starts_at", "ends_at", "handover"),
        agency=applied.by_agency.code,
        by_name=by_name(applied),
        added_at=applied.at,
    )
    shift.postings.set(Posting.objects.filter(centre=centre, uid__in=body.postings))


def log_entry(applied: Applied) -> None:
    body: wire.LogEntry = body_of(applied, wire.LogEntry)
    LogEntry.objects.create(
        centre=_centre(applied),
        **same_names(body, "uid", "at", "kind", "text", "agency"),
        by_user=applied.by_user,
        by_name=by_name(applied),
        recorded_at=applied.at,
    )


def record_incident(applied: Applied) -> None:
    body: wire.RecordIncident = body_of(applied, wire.RecordIncident)
    centre = _centre(applied)
    Incident.objects.create(
        centre=centre,
        **same_names(
            body, "uid", "kind", "at", "terminal", "vessel", "rotation", "summary", "action_taken"
        ),
        entities=[e.model_dump(mode="json") for e in body.entities],
        referral_kind=body.referral.kind if body.referral else "",
        referral_ref=body.referral.ref if body.referral else "",
        agency=body.agency,
        by_user=applied.by_user,
        by_name=by_name(applied),
        recorded_at=applied.at,
    )
    # The incident's line in the shared duty log.
    LogEntry.objects.create(
        centre=centre,
        uid=body.entry,
        at=body.at,
        kind=codes.LogKind.INCIDENT,
        text=body.summary,
        agency=body.agency,
        by_user=applied.by_user,
        by_name=by_name(applied),
        incident=body.uid,
        recorded_at=applied.at,
    )


def update_incident(applied: Applied) -> None:
    body: wire.UpdateIncident = body_of(applied, wire.UpdateIncident)
    Incident.objects.filter(centre__obj=applied.obj, uid=body.incident).update(
        action_taken=body.action_taken,
        referral_kind=body.referral.kind if body.referral else "",
        referral_ref=body.referral.ref if body.referral else "",
        updated_at=applied.at,
    )


def report_counts(applied: Applied) -> None:
    body: wire.ReportCounts = body_of(applied, wire.ReportCounts)
    CountReport.objects.update_or_create(
        centre=_centre(applied),
        agency=body.agency,
        day=body.day,
        defaults={
            "asked": body.asked,
            "answered": body.answered,
            "hits": body.hits,
            "reported_at": applied.at,
        },
    )
