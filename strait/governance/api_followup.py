"""The dashboard and the follow-up in the JSON API (``/api/v1/governance/``): the same reads as
the pages (``followup``), scoped to the bodies the token's user takes part in."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.governance import cadence, followup, queries
from strait.governance.models import ActionItem, Meeting
from strait.permissions import Permission

router = Router(tags=["governance"])

READ = requires_token(Permission.GOVERNANCE_READ)


class CadenceStandingOut(Schema):
    body: uuid.UUID
    code: str
    name: str
    kind: str
    cadence: str
    state: str  # ok, due_soon, overdue, ad_hoc
    last_held: dt.date | None
    next_scheduled: dt.date | None
    due_on: dt.date | None
    warn_on: dt.date | None


class DashboardMeetingOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    starts_on: dt.date
    place: str


class FollowUpActionBriefOut(Schema):
    uid: uuid.UUID
    recommendation: uuid.UUID
    body: uuid.UUID
    title: dict[str, str]
    owner_agency: str
    co_owner_agency: str
    deadline: dt.date
    status: str
    days_late: int


class GovernanceDashboardOut(Schema):
    today: dt.date
    bodies: list[CadenceStandingOut]
    next_meetings: list[DashboardMeetingOut]
    late_count: int
    late: list[FollowUpActionBriefOut]
    without_evidence_count: int
    without_evidence: list[FollowUpActionBriefOut]


class FollowUpEvidenceOut(Schema):
    uid: uuid.UUID
    kind: str
    # What this reader sees of the target: its name and link, or only its kind when hidden.
    label: str
    url: str | None
    visible: bool
    note: str


class FollowUpActionOut(FollowUpActionBriefOut):
    done_on: dt.date | None
    drop_reason: str
    evidence: list[FollowUpEvidenceOut]


class FollowUpRecommendationOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    meeting: uuid.UUID | None
    number: str
    texts: dict[str, str]
    actions: list[FollowUpActionOut]


class FollowUpOut(Schema):
    count: int
    page: int
    pages: int
    late_count: int
    without_count: int
    recommendations: list[FollowUpRecommendationOut]


def standing_out(s: cadence.Standing) -> dict[str, Any]:
    return {
        "body": s.body.obj.uid,
        "code": s.body.code,
        "name": s.body.name,
        "kind": s.body.kind,
        "cadence": s.body.cadence,
        "state": s.state,
        "last_held": s.last_held,
        "next_scheduled": s.next_scheduled,
        "due_on": s.due_on,
        "warn_on": s.warn_on,
    }


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {"uid": m.uid, "body": m.body.obj.uid, "starts_on": m.starts_on, "place": m.place}


def action_brief(
    a: ActionItem, days_late: int, recommendation: uuid.UUID, body: uuid.UUID
) -> dict[str, Any]:
    return {
        "uid": a.uid,
        "recommendation": recommendation,
        "body": body,
        "title": a.title,
        "owner_agency": a.owner_agency,
        "co_owner_agency": a.co_owner_agency,
        "deadline": a.deadline,
        "status": a.status,
        "days_late": days_late,
    }


def listed(a: ActionItem, today: dt.date) -> dict[str, Any]:
    """An action of the dashboard's lists (its recommendation and body read with it)."""
    r = a.recommendation
    return action_brief(a, followup.days_late(a, today), r.uid, r.body.obj.uid)


@router.get(
    "/dashboard",
    response=GovernanceDashboardOut,
    auth=READ,
    summary="The governance dashboard: bodies against their cadence, next meetings, late actions"
    " and actions without evidence",
)
def governance_dashboard(request: HttpRequest) -> dict[str, Any]:
    data = followup.dashboard(api_user(request))
    return {
        "today": data.today,
        "bodies": [standing_out(s) for s in data.standings],
        "next_meetings": [meeting_out(m) for m in data.next_meetings],
        "late_count": data.late_count,
        "late": [listed(a, data.today) for a in data.late],
        "without_evidence_count": data.without_evidence_count,
        "without_evidence": [listed(a, data.today) for a in data.without_evidence],
    }


@router.get(
    "/followup",
    response={200: FollowUpOut, 404: Error},
    auth=READ,
    summary="The follow-up of recommendations, a page at a time: actions, how late, evidence",
)
def governance_followup(
    request: HttpRequest,
    body: uuid.UUID | None = None,
    show: Literal["all", "late", "without"] = "all",
    page: int = 1,
) -> dict[str, Any]:
    user = api_user(request)
    found = queries.body(user, body) if body is not None else None
    data = followup.follow_up(user, body=found, show=show, page=max(page, 1))
    recommendations = []
    for line in data.lines:
        r = line.recommendation
        actions = []
        for a in line.actions:
            item = action_brief(a.action, a.days_late, r.uid, r.body.obj.uid) | {
                "done_on": a.action.done_on,
                "drop_reason": a.action.drop_reason,
                "evidence": [
                    {
                        "uid": e.evidence.uid,
                        "kind": e.evidence.kind,
                        "label": e.label,
                        "url": e.url,
                        "visible": e.visible,
                        "note": e.evidence.note,
                    }
                    for e in a.evidence
                ],
            }
            actions.append(item)
        recommendations.append(
            {
                "uid": r.uid,
                "body": r.body.obj.uid,
                "meeting": r.meeting.uid if r.meeting else None,
                "number": r.number,
                "texts": r.texts,
                "actions": actions,
            }
        )
    return {
        "count": data.page.paginator.count,
        "page": data.page.number,
        "pages": data.page.paginator.num_pages,
        "late_count": data.late_count,
        "without_count": data.without_count,
        "recommendations": recommendations,
    }
