"""What an audit entry's target is, in words, and where the reader may open it (issue 12).

Targets are stored as each writer recorded them (``person:<uid>``, ``import:<uid>``, a message's
uid, a username, ``audit:log`` …); the log must not change, so this reads them as they are. The
audit app sits below the apps it describes, so it names their pages by URL name only and links
one only when the reader's role may open it and the entry is of the reader's own agency
(another agency's object answers "not found" to them anyway).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.permissions import Permission, user_has

# Entity kinds whose targets read "<kind>:<uid>" (entities.actions).
ENTITY_KINDS = (
    "person",
    "organisation",
    "phone",
    "email",
    "document",
    "vehicle",
    "vessel",
    "aircraft",
    "address",
)
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_MESSAGE_ACTIONS = {
    AuditAction.MESSAGE_DISCLOSED,
    AuditAction.MESSAGE_RECEIVED,
    AuditAction.MESSAGE_CONSULTED,
    AuditAction.MESSAGE_EXPORTED,
    AuditAction.MESSAGE_CORRECTED,
    AuditAction.REQUEST_ESCALATED,
    AuditAction.ATTACHMENT_DOWNLOADED,
    AuditAction.CONSENT_REQUESTED,
    AuditAction.CONSENT_ANSWERED,
}
_OWN_CHECK_ACTIONS = {AuditAction.CHECK_SENT, AuditAction.CHECK_ANSWER_RECEIVED}
_PARTNER_CHECK_ACTIONS = {
    AuditAction.CHECK_ANSWERED,
    AuditAction.CHECK_REFUSED,
    AuditAction.CHECK_CANDIDATE_CONSULTED,
    AuditAction.MATCH_DECIDED,
}
_USER_ACTIONS = {
    AuditAction.LOGIN,
    AuditAction.LOGIN_FAILED,
    AuditAction.SECOND_FACTOR_FAILED,
    AuditAction.SECOND_FACTOR_ENROLLED,
    AuditAction.LOCKOUT,
    AuditAction.LOGOUT,
    AuditAction.SESSION_EXPIRED,
    AuditAction.USER_CREATED,
    AuditAction.USER_CHANGED,
    AuditAction.ROLE_CHANGED,
    AuditAction.USER_DEACTIVATED,
    AuditAction.USER_REACTIVATED,
    AuditAction.PASSWORD_CHANGED,
}
_LISTS = {
    "audit:log": (lambda: _("the audit log"), "audit:log", Permission.AUDIT_READ),
    "entities:list": (lambda: _("the records list"), "entities:list", Permission.ENTITIES_READ),
    "exchange:search": (lambda: _("a message search"), "", None),
    "checks:incoming": (
        lambda: _("the partners' checks"),
        "checks:incoming_list",
        Permission.CHECKS_ANSWER,
    ),
}


@dataclass(frozen=True)
class Target:
    """``what`` says what the target is; ``ref`` is its identifier as recorded (shortened for
    a uuid); ``url`` is where the reader may open it, or empty."""

    what: str
    ref: str = ""
    url: str = ""


def _short(value: str) -> str:
    return value[:8] if _UID.match(value) else value


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def describe(entry: AuditEntry, reader: Any) -> Target:
    """The entry's target for ``reader``: what it is, and a link when they may follow it."""
    target = entry.target or ""
    if not target:
        return Target("")
    own = bool(entry.agency) and entry.agency == getattr(reader.agency, "code", None)

    def may(permission: Permission) -> bool:
        return own and user_has(reader, permission)

    prefix, _sep, rest = target.partition(":")
    if target in _LISTS:
        label, url_name, permission = _LISTS[target]
        url = _url(url_name) if url_name and permission and user_has(reader, permission) else ""
        return Target(label(), "", url)
    if prefix == "audit" and rest.isdigit():
        return Target(_("audit entry"), f"#{rest}", _url("audit:entry", int(rest)))
    if prefix in ENTITY_KINDS and _UID.match(rest):
        url = _url("entities:detail", prefix, rest) if may(Permission.ENTITIES_READ) else ""
        return Target(_("record (%(kind)s)") % {"kind": prefix}, _short(rest), url)
    if prefix == "import" and _UID.match(rest):
        url = _url("entities:import_status", rest) if may(Permission.ENTITIES_WRITE) else ""
        return Target(_("import"), _short(rest), url)
    if prefix == "export" and _UID.match(rest):
        return Target(_("export request"), _short(rest), "")
    if prefix == "user" and rest.isdigit():
        url = (
            _url("accounts:user_edit", int(rest))
            if user_has(reader, Permission.USERS_MANAGE)
            else ""
        )
        return Target(_("user account"), f"#{rest}", url)
    if prefix == "notification":
        return Target(_("notification"), rest)
    action = entry.action
    if action in _USER_ACTIONS:
        return Target(_("user"), target)
    if _UID.match(target):
        if action in _MESSAGE_ACTIONS:
            return Target(_("message"), _short(target))
        if action in _OWN_CHECK_ACTIONS:
            url = _url("checks:check", uuid.UUID(target)) if may(Permission.CHECKS_SEND) else ""
            return Target(_("check"), _short(target), url)
        if action in _PARTNER_CHECK_ACTIONS or action == AuditAction.CHECK_INCOMING_CONSULTED:
            allowed = may(Permission.CHECKS_ANSWER)
            url = _url("checks:incoming", uuid.UUID(target)) if allowed else ""
            return Target(_("partner's check"), _short(target), url)
        if action == AuditAction.CHECK_OPENING_CHANGED:
            return Target(_("openness to checks"), _short(target))
    if action in {AuditAction.PEER_ADDED, AuditAction.PEER_RETRY}:
        url = _url("federation:peer", target) if user_has(reader, Permission.PEERS_MANAGE) else ""
        return Target(_("peer node"), target, url)
    if action in {AuditAction.KEYS_ROTATED, AuditAction.KEY_REVOKED, AuditAction.NODE_INITIALISED}:
        return Target(_("node key"), ", ".join(key[:8] for key in target.split(",")))
    if action in {AuditAction.ENVELOPE_RECEIVED, AuditAction.FEDERATION_SECURITY_EVENT}:
        peer, _sep, envelope = target.partition(":")
        if envelope:
            return Target(_("envelope from %(peer)s") % {"peer": peer}, _short(envelope))
    return Target("", _short(target))


@dataclass(frozen=True)
class Row:
    """One line of the audit page: an entry, or a run of one user's consecutive looks at the
    audit log shown as one line ("5 views of the audit log"); every entry stays in the log."""

    entry: AuditEntry
    target: Target
    agency_name: str
    agency_abbreviation: str
    views: int = 1
    oldest_seq: int = 0


def _is_log_read(entry: AuditEntry) -> bool:
    return entry.action == AuditAction.AUDIT_READ and entry.target == "audit:log"


def rows_for(entries: list[AuditEntry], reader: Any) -> list[Row]:
    """The page's lines, newest first: consecutive reads of the log by one actor collapse."""
    codes = {e.agency for e in entries if e.agency}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    rows: list[Row] = []
    for entry in entries:
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and _is_log_read(entry)
            and _is_log_read(previous.entry)
            and previous.entry.actor == entry.actor
        ):
            rows[-1] = Row(
                previous.entry,
                previous.target,
                previous.agency_name,
                previous.agency_abbreviation,
                previous.views + 1,
                entry.seq,
            )
            continue
        agency = agencies.get(entry.agency)
        rows.append(
            Row(
                entry,
                describe(entry, reader),
                agency.name if agency else entry.agency,
                agency.abbreviation if agency else entry.agency,
                1,
                entry.seq,
            )
        )
    return rows
