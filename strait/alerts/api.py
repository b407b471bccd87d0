"""Alerts in the JSON API (``/api/v1/alerts/``): the board, one alert, drafts (create, edit,
submit), the review (release, return), and the released alert's changes (update, extend,
withdraw by the issuer; acknowledge and measures by each agency).

Thin like the views: each operation declares its permission, reads through ``queries`` (another
agency's alert or draft is "not found") and writes through ``actions`` (four eyes enforced by
``strait.approvals``: a release by the author answers 403 ``own_request``). A change answers 201
when this node is the alert's home (applied at once) and 202 when it is a proposal on its way.
The grounds, and a discreet check's free text, are left out for the frontline.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.accounts.models import User
from strait.alerts import actions, codes, policy, queries
from strait.alerts import schemas as s
from strait.alerts.models import Alert, AlertDraft
from strait.api_errors import Error
from strait.permissions import Permission
from strait.sharing.api_results import DONE, done

router = Router(tags=["alerts"])

READ = requires_token(Permission.ALERTS_READ)
DRAFT = requires_token(Permission.ALERTS_DRAFT)
RELEASE = requires_token(Permission.ALERTS_RELEASE)

# What a reader who may not see the grounds never gets from a change's body either.
WITHHELD = ("grounds",)
# The frontline is told whom or what to check discreetly (the entity), never why.
WITHHELD_DISCREET = ("grounds", "details")


def alert_out(user: User, alert: Alert) -> dict[str, Any]:
    mine = user.agency.code if user.agency else ""
    return {
        "uid": alert.obj.uid,
        "type": alert.type,
        "title": alert.title,
        "required_action": str(alert.required_action),
        "officer_safety": alert.officer_safety,
        "status": alert.status,
        "origin_agency": alert.origin_agency,
        "area_kind": alert.area_kind,
        "area_codes": list(alert.area_codes or []),
        "handling": alert.handling,
        "valid_from": alert.valid_from,
        "valid_until": alert.valid_until,
        "released_at": alert.released_at,
        "version": alert.version,
        "acknowledged_by_my_agency": alert.acknowledgements.filter(agency=mine).exists(),
    }


def _redacted(user: User, alert: Alert, body: dict[str, Any]) -> dict[str, Any]:
    if policy.shows_grounds(user, alert):
        return body
    hidden = WITHHELD if policy.shows_details(user, alert) else WITHHELD_DISCREET
    return {k: v for k, v in body.items() if k not in hidden}


def alert_detail(user: User, alert: Alert) -> s.AlertDetail:
    grounds = policy.shows_grounds(user, alert)
    details = policy.shows_details(user, alert)
    obj = alert.obj
    return s.AlertDetail(
        **alert_out(user, alert),
        grounds=alert.grounds if grounds else None,
        details=dict(alert.details or {}) if details else None,
        withdrawn_reason=alert.withdrawn_reason,
        drafted_by=alert.drafted_by,
        released_by=alert.released_by,
        entity=dict(alert.entity or {}),
        addressees=[a.code for a in queries.addressees(alert)],
        acknowledgements=[
            s.AlertAcknowledgementOut(
                agency=a.agency, name=a.name, kind=a.kind, reason=a.reason, at=a.at
            )
            for a in queries.acknowledgements(alert)
        ],
        history=[
            s.AlertChangeRowOut(
                seq=c.seq,
                op=c.op,
                by_agency=c.by_agency,
                by_name=c.by_name,
                at=c.at,
                body=_redacted(user, alert, dict(c.body or {})),
            )
            for c in queries.history(alert)
        ],
        hits=[
            s.AlertHitOut(
                source=h.source, ref=h.ref, label=h.label, score=h.score, found_at=h.found_at
            )
            for h in queries.hits(user, alert)
        ],
        home=obj.home,
        seq=obj.seq,
        digest=obj.digest,
    )


def draft_out(draft: AlertDraft) -> s.AlertDraftOut:
    return s.AlertDraftOut(
        uid=draft.uid,
        type=draft.type,
        title=draft.title,
        status=draft.status,
        author=draft.author.username,
        grounds=draft.grounds,
        officer_safety=draft.officer_safety,
        handling=draft.handling,
        area_kind=draft.area_kind,
        area_codes=list(draft.area_codes or []),
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        addressees=list(draft.addressees or []),
        entity_ref=draft.entity_ref,
        details=dict(draft.details or {}),
        review_note=draft.review_note,
        alert=draft.alert_uid,
        updated_at=draft.updated_at,
    )


def _alert(request: HttpRequest, uid: uuid.UUID) -> tuple[User, Alert]:
    user = api_user(request)
    return user, queries.alert(user, uid)


def _draft(request: HttpRequest, uid: uuid.UUID) -> tuple[User, AlertDraft]:
    user = api_user(request)
    return user, queries.draft(user, uid)


@router.get(
    "",
    response=list[s.AlertOut],
    auth=READ,
    summary="The board: active alerts addressed to or issued by your agency, newest first",
)
def alerts_board(
    request: HttpRequest, type: codes.AlertType | None = None, area: str = ""
) -> list[dict[str, Any]]:
    user = api_user(request)
    found = queries.board(user, type=str(type) if type else None, area=area[:60] or None)
    return [alert_out(user, a) for a in found]


@router.get("/drafts", response=list[s.AlertDraftOut], auth=DRAFT, summary="Your drafts")
def alert_drafts(request: HttpRequest) -> list[s.AlertDraftOut]:
    return [draft_out(d) for d in queries.drafts(api_user(request))]


@router.post(
    "/drafts",
    response={201: s.AlertDraftOut, 400: Error},
    auth=DRAFT,
    summary="Write a draft (nothing leaves the node before its release)",
)
def alert_create_draft(request: HttpRequest, data: s.AlertDraftIn) -> Status:
    made = actions.save_draft(api_user(request), data.as_data())
    return Status(201, draft_out(made))


@router.get("/drafts/{uuid:uid}", response=s.AlertDraftOut, auth=DRAFT, summary="One draft")
def alert_get_draft(request: HttpRequest, uid: uuid.UUID) -> s.AlertDraftOut:
    _user, found = _draft(request, uid)
    return draft_out(found)


@router.post(
    "/drafts/{uuid:uid}",
    response={200: s.AlertDraftOut, 400: Error, 403: Error},
    auth=DRAFT,
    summary="Edit your draft (while a draft or returned)",
)
def alert_edit_draft(request: HttpRequest, uid: uuid.UUID, data: s.AlertDraftIn) -> s.AlertDraftOut:
    user, found = _draft(request, uid)
    return draft_out(actions.save_draft(user, data.as_data(), draft=found))


@router.post(
    "/drafts/{uuid:uid}/submit",
    response={200: s.AlertDraftOut, 400: Error, 403: Error},
    auth=DRAFT,
    summary="Submit your draft for review by a supervisor of your agency",
)
def alert_submit_draft(request: HttpRequest, uid: uuid.UUID) -> s.AlertDraftOut:
    user, found = _draft(request, uid)
    return draft_out(actions.submit(user, found))


@router.get(
    "/review",
    response=list[s.AlertDraftOut],
    auth=RELEASE,
    summary="Drafts of your agency waiting for your review (never your own)",
)
def alert_review_queue(request: HttpRequest) -> list[s.AlertDraftOut]:
    return [draft_out(d) for d in queries.to_review(api_user(request))]


@router.post(
    "/review/{uuid:uid}/release",
    response={201: s.AlertDetail, 400: Error, 403: Error},
    auth=RELEASE,
    summary="Release the draft to its addressees (a supervisor who is not its author)",
)
def alert_release(request: HttpRequest, uid: uuid.UUID) -> Status:
    user, found = _draft(request, uid)
    made = actions.release(user, found)
    return Status(201, alert_detail(user, queries.alert(user, made.obj.uid)))


@router.post(
    "/review/{uuid:uid}/return",
    response={200: s.AlertDraftOut, 400: Error, 403: Error},
    auth=RELEASE,
    summary="Return the draft to its author with a note",
)
def alert_return_draft(
    request: HttpRequest, uid: uuid.UUID, data: s.AlertReturnIn
) -> s.AlertDraftOut:
    user, found = _draft(request, uid)
    return draft_out(actions.return_to_author(user, found, data.note))


@router.get("/{uuid:uid}", response=s.AlertDetail, auth=READ, summary="One alert")
def alert_get(request: HttpRequest, uid: uuid.UUID) -> s.AlertDetail:
    user, found = _alert(request, uid)
    actions.consult(user, found, request=request)
    return alert_detail(user, found)


@router.post(
    "/{uuid:uid}/update",
    response=DONE,
    auth=RELEASE,
    summary="Change what the alert says (the issuing agency's supervisors)",
)
def alert_update(request: HttpRequest, uid: uuid.UUID, data: s.AlertUpdateIn) -> Status:
    user, found = _alert(request, uid)
    return done(actions.update(user, found, data.as_data()))


@router.post("/{uuid:uid}/extend", response=DONE, auth=RELEASE, summary="Extend the validity")
def alert_extend(request: HttpRequest, uid: uuid.UUID, data: s.AlertExtendIn) -> Status:
    user, found = _alert(request, uid)
    return done(actions.extend(user, found, data.valid_until))


@router.post("/{uuid:uid}/withdraw", response=DONE, auth=RELEASE, summary="Withdraw the alert")
def alert_withdraw(request: HttpRequest, uid: uuid.UUID, data: s.AlertWithdrawIn) -> Status:
    user, found = _alert(request, uid)
    return done(actions.withdraw(user, found, data.reason))


@router.post(
    "/{uuid:uid}/acknowledge",
    response=DONE,
    auth=READ,
    summary="Acknowledge for your agency: received, action taken, or cannot act (with why)",
)
def alert_acknowledge(request: HttpRequest, uid: uuid.UUID, data: s.AlertAcknowledgeIn) -> Status:
    user, found = _alert(request, uid)
    return done(actions.acknowledge(user, found, str(data.kind), data.reason))


@router.post(
    "/{uuid:uid}/measures",
    response=DONE,
    auth=DRAFT,
    summary="Log a measure your agency took (the rapid-reaction log)",
)
def alert_add_measure(request: HttpRequest, uid: uuid.UUID, data: s.AlertMeasureIn) -> Status:
    user, found = _alert(request, uid)
    return done(actions.add_measure(user, found, data.text))
