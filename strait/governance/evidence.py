"""Evidence: what in Strait implements an action, checked and shown through each node's own
scoped reads.

Before a link is proposed, ``check`` asks whether the user can see the target (an operation
through ``operations.queries``, an alert through ``alerts.queries``, a thread through
``exchange.queries``, a channel among the agency's, a course or a library document inside a body
the user sees, a statistics query the statistics page takes); what does not exist and what the
user may not see get the same refusal, so the answer leaks nothing. On display, ``resolve`` does
the same for each reader: who cannot see the target reads only what kind of thing it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Q
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from strait.alerts import queries as alerts
from strait.exchange import queries as exchange
from strait.governance import codes, queries
from strait.governance.models import Course, Document, in_language
from strait.operations import queries as operations
from strait.operations import statistics
from strait.operations.statistics_forms import StatisticsForm
from strait.permissions import Permission
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.governance.models import Evidence


class EvidenceNotFound(Refused):
    """The same answer for what does not exist and for what the user may not see."""

    code = "evidence_not_found"


@dataclass(frozen=True)
class Target:
    """What an evidence link shows to one reader: ``visible`` False means the reader only learns
    the kind of thing (``label`` says "… (not visible to you)") and gets no link."""

    label: str
    url: str | None
    visible: bool


def hidden_label(kind: str) -> str:
    labels: dict[str, object] = {
        codes.EvidenceKind.OPERATION: _("a joint operation (not visible to you)"),
        codes.EvidenceKind.THREAD: _("an exchange thread (not visible to you)"),
        codes.EvidenceKind.CHANNEL: _("a channel (not visible to you)"),
        codes.EvidenceKind.COURSE: _("a course (not visible to you)"),
        codes.EvidenceKind.ALERT: _("an alert (not visible to you)"),
        codes.EvidenceKind.DOCUMENT: _("a good-practice document (not visible to you)"),
        codes.EvidenceKind.STATISTICS: _("statistics (not visible to you)"),
    }
    return str(labels.get(kind, _("something not visible to you")))


def _uid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.strip())
    except (ValueError, AttributeError):
        return None


def _url(name: str, **kwargs: object) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # a page another part of governance has not added yet
        return None


def _statistics_filters(ref: str) -> statistics.Filters | None:
    form = StatisticsForm(QueryDict(ref.lstrip("?")))
    if len(ref) > 300 or not form.is_valid():
        return None
    return form.filters()


def _statistics_ref(filters: statistics.Filters) -> str:
    values = {
        "kind": filters.kind,
        "since": filters.since.isoformat() if filters.since else "",
        "crime_area": filters.crime_area,
        "period": filters.period,
    }
    return urlencode({k: v for k, v in values.items() if v})


def _find(user: User, kind: str, ref: str) -> tuple[str, Target] | None:
    """The normalised reference and what the user sees of it, or None when the user cannot see
    it (or it does not exist)."""
    uid = _uid(ref)
    if kind == codes.EvidenceKind.OPERATION and uid is not None:
        op = operations.operations_visible_to(user).filter(obj__uid=uid).first()
        if op is not None:
            return str(uid), Target(op.code_name, _url("operations:detail", uid=uid), True)
    elif kind == codes.EvidenceKind.ALERT and uid is not None:
        alert = alerts.visible(user).filter(obj__uid=uid).first()
        if alert is not None:
            return str(uid), Target(alert.title, _url("alerts:detail", uid=uid), True)
    elif kind == codes.EvidenceKind.THREAD and uid is not None:
        # A thread is known by its uid or by one of its messages'.
        message = (
            exchange.messages_visible_to(user)
            .filter(Q(thread_uid=uid) | Q(uid=uid))
            .order_by("created_at", "id")
            .first()
        )
        if message is not None:
            thread = message.thread_uid
            return str(thread), Target(
                message.subject, _url("exchange:thread", thread_uid=thread), True
            )
    elif kind == codes.EvidenceKind.CHANNEL:
        channel = exchange.channels_visible_to(user).filter(code=ref.strip()).first()
        if channel is not None:
            return channel.code, Target(str(channel), _url("exchange:channels"), True)
    elif kind == codes.EvidenceKind.COURSE and uid is not None:
        course = Course.objects.filter(uid=uid, body__in=queries.bodies(user)).first()
        if course is not None:
            return str(uid), Target(
                in_language(course.title), _url("governance:course", uid=uid), True
            )
    elif kind == codes.EvidenceKind.DOCUMENT and uid is not None:
        document = Document.objects.filter(uid=uid, body__in=queries.bodies(user)).first()
        if document is not None:
            label = in_language(document.title) or document.filename
            return str(uid), Target(label, _url("governance:document", uid=uid), True)
    elif kind == codes.EvidenceKind.STATISTICS and user.has_permission(Permission.OPERATIONS_READ):
        filters = _statistics_filters(ref)
        if filters is not None:
            normal = _statistics_ref(filters)
            label = statistics.answer(statistics.figures(user, filters))
            base = _url("operations:statistics")
            return normal, Target(label, f"{base}?{normal}" if base else None, True)
    return None


def check(user: User, kind: str, ref: str) -> str:
    """The reference as it travels, when the user can see the target; ``EvidenceNotFound``
    otherwise, the same whether it does not exist or is not visible to the user."""
    found = _find(user, kind, ref) if kind in codes.EvidenceKind.values else None
    if found is None:
        raise EvidenceNotFound(
            _("Nothing of this kind with this reference is visible to you."),
            problems=[("ref", _("Not found among what you can see."))],
        )
    return found[0]


def resolve(user: User, evidence: Evidence) -> Target:
    """What ``user`` sees of the evidence's target on this node."""
    found = _find(user, evidence.kind, evidence.ref)
    if found is None:
        return Target(hidden_label(evidence.kind), None, False)
    return found[1]


def _seen_many(user: User, kind: str, refs: set[str]) -> dict[str, Target]:
    """What ``user`` sees of each of ``refs`` of one kind, in one query (``_find`` row by row
    for statistics, whose label is the reader's own totals): the refs not visible are absent."""
    uids = {ref: uid for ref in refs if (uid := _uid(ref)) is not None}
    wanted = set(uids.values())
    seen: dict[uuid.UUID, Target] = {}
    if kind == codes.EvidenceKind.OPERATION and wanted:
        for uid, name in (
            operations.operations_visible_to(user)
            .filter(obj__uid__in=wanted)
            .values_list("obj__uid", "code_name")
        ):
            seen[uid] = Target(name, _url("operations:detail", uid=uid), True)
    elif kind == codes.EvidenceKind.ALERT and wanted:
        for uid, title in (
            alerts.visible(user).filter(obj__uid__in=wanted).values_list("obj__uid", "title")
        ):
            seen[uid] = Target(title, _url("alerts:detail", uid=uid), True)
    elif kind == codes.EvidenceKind.THREAD and wanted:
        # As ``_find``: the first message (by time) of the thread, or the message itself.
        rows = (
            exchange.messages_visible_to(user)
            .filter(Q(thread_uid__in=wanted) | Q(uid__in=wanted))
            .order_by("created_at", "id")
            .values_list("uid", "thread_uid", "subject")
        )
        for uid, thread, subject in rows:
            target = Target(subject, _url("exchange:thread", thread_uid=thread), True)
            for key in (uid, thread):
                if key in wanted and key not in seen:
                    seen[key] = target
    elif kind == codes.EvidenceKind.CHANNEL:
        codes_ = {ref.strip(): ref for ref in refs}
        return {
            codes_[channel.code]: Target(str(channel), _url("exchange:channels"), True)
            for channel in exchange.channels_visible_to(user).filter(code__in=list(codes_))
        }
    elif kind == codes.EvidenceKind.COURSE and wanted:
        for uid, title in Course.objects.filter(
            uid__in=wanted, body__in=queries.bodies(user)
        ).values_list("uid", "title"):
            seen[uid] = Target(in_language(title), _url("governance:course", uid=uid), True)
    elif kind == codes.EvidenceKind.DOCUMENT and wanted:
        for uid, title, filename in Document.objects.filter(
            uid__in=wanted, body__in=queries.bodies(user)
        ).values_list("uid", "title", "filename"):
            label = in_language(title) or filename
            seen[uid] = Target(label, _url("governance:document", uid=uid), True)
    elif kind == codes.EvidenceKind.STATISTICS:
        out = {}
        for ref in refs:
            found = _find(user, kind, ref)
            if found is not None:
                out[ref] = found[1]
        return out
    return {ref: seen[uid] for ref, uid in uids.items() if uid in seen}


def resolve_many(user: User, rows: Sequence[Evidence]) -> list[Target]:
    """``resolve`` for many links at once, in their order: one query per kind of target whatever
    the number of links (the follow-up page shows a page of actions' evidence)."""
    refs: dict[str, set[str]] = {}
    for row in rows:
        refs.setdefault(row.kind, set()).add(row.ref)
    seen = {kind: _seen_many(user, kind, wanted) for kind, wanted in refs.items()}
    hidden = {kind: Target(hidden_label(kind), None, False) for kind in refs}
    return [seen[row.kind].get(row.ref) or hidden[row.kind] for row in rows]
