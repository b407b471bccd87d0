"""Every write of the exchange: one transaction with its permission and channel checks, its audit
row and its outbox rows (REL-01). Views and the API call these and nothing else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pydantic
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import Entry, client_ip, record, record_many
from strait.exchange import (
    about,
    attachments,
    codes,
    defaults,
    effects,
    notify,
    outbound,
    pending,
    policy,
    rules,
    searching,
)
from strait.exchange.drafts import Draft
from strait.exchange.models import Message, Recipient
from strait.exchange.rules import RuleViolation
from strait.exchange.wire import AttachmentWire, MessageWire, ThreadStateWire

if TYPE_CHECKING:
    from strait.accounts.models import User


def _check_dates(draft: Draft) -> None:
    # That the retention date is not before the review date, the markings check themselves.
    if draft.markings.review_date < defaults.today():
        raise RuleViolation(_("The review date cannot be in the past."))


def _wire(draft: Draft, user: User, uploads: list[tuple[AttachmentWire, bytes]]) -> MessageWire:
    uid = uuid.uuid4()
    original = draft.in_reply_to
    try:
        return MessageWire.model_validate(
            {
                "uid": uid,
                "thread_uid": original.thread_uid if original is not None else uid,
                "in_reply_to_uid": original.uid if original is not None else None,
                "forwarded_from_uid": draft.forwarded_from.uid if draft.forwarded_from else None,
                "consent_uid": draft.consent_uid,
                "channel": draft.channel.code,
                "kind": draft.kind,
                "sender_agency": user.agency.code,
                "sender_name": user.full_name,
                "recipients": [a.code for a in draft.recipients],
                "subject": draft.subject.strip(),
                "body": draft.body.strip(),
                "language": draft.language,
                "crime_area": draft.crime_area,
                "urgency": draft.urgency,
                **draft.markings.to_wire(),
                "created_at": timezone.now(),
                "about": [{"kind": k, "value": v.strip()} for k, v in draft.about if v.strip()],
                "attachments": [w for w, _data in uploads],
            }
        )
    except pydantic.ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise RuleViolation(f"{where}: {problem['msg']}") from exc


def _prepare_uploads(uploads: Iterable[attachments.Upload]) -> list[tuple[AttachmentWire, bytes]]:
    uploads = list(uploads)
    if len(uploads) > attachments.MAX_PER_MESSAGE:
        raise RuleViolation(
            _("At most %(n)s attachments per message.") % {"n": attachments.MAX_PER_MESSAGE}
        )
    prepared = []
    for upload in uploads:
        try:
            content_type = attachments.sniff(upload)
        except attachments.InvalidAttachment as exc:
            raise RuleViolation(str(exc)) from exc
        prepared.append(
            (
                AttachmentWire(
                    uid=uuid.uuid4(),
                    filename=attachments.clean_name(upload.filename),
                    content_type=content_type,
                    size=len(upload.data),
                    sha256=attachments.sha256(upload.data),
                    parts=len(attachments.split(upload.data)),
                ),
                upload.data,
            )
        )
    return prepared


def _check_about_one(item: tuple[str, str], user: User) -> None:
    kind, value = item
    if not value.strip():
        return
    try:
        about.key(kind, value, user.agency.country.code)
    except (about.InvalidAbout, ValueError) as exc:
        raise RuleViolation(
            _("Not a valid %(kind)s: %(value)s")
            % {"kind": codes.AboutKind(kind).label, "value": value}
        ) from exc


def _check_all(draft: Draft, user: User) -> list[tuple[AttachmentWire, bytes]]:
    """Every rule the draft breaks, in one ``RuleViolation`` with a problem per field, so a
    page shows them all at once (issue 12); the prepared uploads when it breaks none."""
    problems = rules.message_problems(
        draft.channel,
        sender=user.agency,
        recipients=draft.recipients,
        kind=draft.kind,
        handling=draft.markings.handling,
        conditions=draft.markings.handling_conditions,
        source=draft.markings.source_reliability,
        information=draft.markings.information_credibility,
    )
    uploads: list[tuple[AttachmentWire, bytes]] = []
    checks: list[tuple[str, Callable[[], object]]] = [
        ("review_date", lambda: _check_dates(draft)),
        *(
            (f"about_{kind}", lambda one=(kind, value): _check_about_one(one, user))
            for kind, value in draft.about
        ),
        ("attachments", lambda: uploads.extend(_prepare_uploads(draft.uploads))),
    ]
    for field, check in checks:
        try:
            check()
        except RuleViolation as violation:
            problems.append((field, violation.message))
    if problems:
        raise RuleViolation(problems=problems)
    return uploads


def send(draft: Draft, *, acting_user: User, request: HttpRequest | None = None) -> Message:
    """Check, store, audit and queue a message. Raises RuleViolation and changes nothing."""
    user = acting_user
    policy.check_send(user)
    # The same agency named twice is one recipient (issue 11 §4: it was a database error).
    draft.recipients = list(dict.fromkeys(draft.recipients))
    rules.check_user(draft.channel, user)
    uploads = _check_all(draft, user)
    wire = _wire(draft, user, uploads)
    written: list[AttachmentWire] = []
    try:
        with transaction.atomic():
            message = effects.store(wire, sender_user=user, parts_held=True)
            pass_correction_on(message)
            outbound.ship(message, wire, uploads)
            notify.arrived(message)  # a neighbour agency on this node has it now
            record(
                AuditAction.MESSAGE_DISCLOSED,
                request=request,
                actor=user,
                target=str(message.uid),
                details={
                    "channel": draft.channel.code,
                    "kind": draft.kind,
                    "handling": draft.markings.handling,
                    "recipients": [a.code for a in draft.recipients],
                    "purpose": wire.purpose,
                },
            )
            # The files last, and gone again if the transaction does not commit (issue 11 §4).
            for attachment, data in uploads:
                written.append(attachment)
                for number, part in enumerate(attachments.split(data)):
                    attachments.store_part(str(attachment.uid), number, part)
    except BaseException:
        for attachment in written:
            attachments.erase(str(attachment.uid), attachment.parts)
        raise
    return message


def hold_uploads(uploads: Iterable[attachments.Upload], *, acting_user: User) -> list[pending.Held]:
    """Keep the files of a draft the page sent back with errors, so the user need not pick them
    again (issue 12). A file refused by its content is not kept: its error is shown instead."""
    policy.check_send(acting_user)
    held = []
    for upload in uploads:
        try:
            attachments.sniff(upload)
        except attachments.InvalidAttachment:
            continue
        held.append(pending.hold(acting_user.pk, upload))
    return held


def held_uploads(tokens: list[str], *, acting_user: User) -> list[pending.Held]:
    """The files this user holds under ``tokens`` (another user's tokens give nothing)."""
    return pending.take(acting_user.pk, tokens)


def drop_held_uploads(held: Iterable[pending.Held], *, acting_user: User) -> None:
    """The message went (or the user let the files go): the held copies are removed."""
    pending.drop([h.token for h in held])


def send_message(draft: Draft, *, acting_user: User, request: HttpRequest | None = None) -> Message:
    """Start a thread: information or a request."""
    if draft.kind not in (codes.MessageKind.INFORMATION, codes.MessageKind.REQUEST):
        raise RuleViolation(_("A new thread starts with information or a request."))
    draft.in_reply_to = None
    return send(draft, acting_user=acting_user, request=request)


def reply(
    original: Message, draft: Draft, *, acting_user: User, request: HttpRequest | None = None
) -> Message:
    """Reply or acknowledge: on the original's channel, to its sender (DESIGN.md §4)."""
    if draft.kind not in (codes.MessageKind.REPLY, codes.MessageKind.ACKNOWLEDGEMENT):
        raise RuleViolation(_("Answer with a reply or an acknowledgement."))
    policy.check_reply(acting_user, original)
    draft.channel = original.channel
    draft.recipients = [original.sender_agency]
    draft.in_reply_to = original
    return send(draft, acting_user=acting_user, request=request)


def set_thread_closed(
    items: list[Message],
    closed: bool,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> None:
    """Close a thread (``closed``) or reopen it: here, and on every partner node with a party
    in it. ``items``: the thread as the user sees it (``queries.thread``)."""
    user = acting_user
    policy.check_close(user, items)
    thread_uid = items[0].thread_uid
    now = timezone.now()
    with transaction.atomic():
        changed = effects.set_thread_state(
            thread_uid, closed=closed, at=now, agency=user.agency, by=user.full_name
        )
        if not changed:
            raise RuleViolation(
                _("The thread is already closed.") if closed else _("The thread is open.")
            )
        outbound.send_thread_state(
            thread_uid,
            ThreadStateWire(
                thread_uid=thread_uid,
                closed=closed,
                agency=user.agency.code,
                by=user.full_name,
                at=now,
            ),
        )
        record(
            AuditAction.THREAD_CLOSED if closed else AuditAction.THREAD_REOPENED,
            request=request,
            actor=user,
            target=str(thread_uid),
            details={"channel": items[0].channel.code},
        )


def correct(
    original: Message,
    kind: str,
    text: str,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Message:
    """Rectify, erase or restrict one of our agency's items: the notice goes to every recipient
    of the original, and from them on to whoever they passed it to (DP-03)."""
    if kind not in codes.CORRECTION_KINDS:
        raise RuleViolation(_("Unknown kind of notice."))
    policy.check_correct(acting_user, original)
    if not text.strip():
        raise RuleViolation(_("Say what is corrected and why."))
    draft = Draft(
        channel=original.channel,
        kind=kind,
        recipients=[r.agency for r in original.recipients.select_related("agency")],
        subject=defaults.notice_subject(kind, original),
        body=text,
        language=acting_user.language or original.language,
        crime_area=original.crime_area,
        urgency=codes.Urgency.URGENT,
        markings=defaults.notice_markings(original).kept_until_at_least(defaults.today()),
        in_reply_to=original,
    )
    if draft.language not in codes.LANGUAGES:
        draft.language = "en"
    return send(draft, acting_user=acting_user, request=request)


def mark_read(
    messages: Iterable[Message], *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """A user opened these items: each read is a consultation in the audit log (LOG-01); the
    first read by a receiving agency sends its read receipt to the originator."""
    messages = list(messages)
    if not messages:
        return
    now = timezone.now()
    with transaction.atomic():
        unread = list(
            Recipient.objects.select_related("message__sender_agency", "agency").filter(
                message__in=messages, agency=acting_user.agency, read_at__isnull=True
            )
        )
        for recipient in unread:
            Recipient.objects.filter(pk=recipient.pk).update(
                read_at=now, read_by_name=acting_user.full_name
            )
            outbound.send_receipt(recipient, "read", now, acting_user.full_name)
        entries = [
            Entry(
                AuditAction.MESSAGE_CONSULTED,
                actor=acting_user,
                target=str(m.uid),
                details={"channel": m.channel.code, "handling": m.handling},
                request_id=getattr(request, "request_id", "") if request is not None else "",
                ip=client_ip(request),
            )
            for m in messages
        ]
        record_many(entries)


def search(
    criteria: searching.Criteria | str,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> searching.Page:
    """Search the items the user may see (``searching.find``); a search shows subjects and looks
    into bodies, so it is a consultation in the audit log (LOG-01), with or without results,
    naming the words, the filters and the page."""
    policy.check_read(acting_user)
    if isinstance(criteria, str):
        criteria = searching.Criteria(query=criteria)
    found = searching.find(acting_user, criteria)
    record(
        AuditAction.MESSAGE_CONSULTED,
        request=request,
        actor=acting_user,
        target="exchange:search",
        details={
            "query": criteria.query,
            **criteria.filters(),
            "page": found.number,
            "shown": [str(m.uid) for m in found.items],
        },
    )
    return found


def download_attachment(
    attachment: Any, *, acting_user: User, request: HttpRequest | None = None
) -> bytes:
    policy.check_read(acting_user)
    if not attachment.complete:
        raise RuleViolation(_("This attachment has not fully arrived yet."))
    if attachment.message.erased_at is not None:
        raise RuleViolation(_("This item has been erased by its originator."))
    data = attachments.read(str(attachment.uid), attachment.parts, attachment.sha256)
    record(
        AuditAction.ATTACHMENT_DOWNLOADED,
        request=request,
        actor=acting_user,
        target=str(attachment.message.uid),
        details={"attachment": str(attachment.uid), "filename": attachment.filename},
    )
    return data


def pass_correction_on(notice: Message) -> None:
    """A notice about an item reaches the copies this node passed on, too (DP-03): each copy's
    sender sends the same notice to the copy's recipients. Runs in the transaction that stored
    the notice, whether this node's user sent it or a partner delivered it."""
    if notice.kind not in codes.CORRECTION_KINDS or notice.in_reply_to_uid is None:
        return
    copies = Message.objects.filter(
        forwarded_from_uid=notice.in_reply_to_uid, origin_node=effects.local_node()
    ).select_related("channel", "sender_agency")
    for copy in copies:
        recipients = [r.agency.code for r in copy.recipients.select_related("agency")]
        uid = uuid.uuid4()
        wire = MessageWire.model_validate(
            {
                "uid": uid,
                "thread_uid": copy.thread_uid,
                "in_reply_to_uid": copy.uid,
                "channel": copy.channel.code,
                "kind": notice.kind,
                "sender_agency": copy.sender_agency.code,
                "sender_name": notice.sender_name,
                "recipients": recipients,
                "subject": notice.subject,
                "body": notice.body or "—",
                "language": notice.language,
                "crime_area": copy.crime_area,
                "urgency": codes.Urgency.URGENT,
                **defaults.notice_markings(copy).to_wire(),
                "created_at": timezone.now(),
            }
        )
        passed = effects.store(wire)
        pass_correction_on(passed)  # and on from there, to the copies of the copy
        outbound.ship(passed, wire, [])
        record(
            AuditAction.MESSAGE_DISCLOSED,
            target=str(uid),
            details={
                "channel": copy.channel.code,
                "kind": notice.kind,
                "recipients": recipients,
                "passes_on": str(notice.uid),
            },
        )


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Flag requests to this node's agencies that are past their deadline and still unanswered;
    their supervisors see them at the top of the deadlines page. Idempotent."""
    moment = now or timezone.now()
    overdue = Message.objects.filter(
        kind=codes.MessageKind.REQUEST,
        answered_at__isnull=True,
        escalated_at__isnull=True,
        deadline__lt=moment,
        recipients__agency__node_code=effects.local_node(),
    ).distinct()
    with transaction.atomic():
        uids = list(overdue.values_list("pk", "uid", "deadline"))
        if not uids:
            return 0
        Message.objects.filter(pk__in=[pk for pk, _u, _d in uids]).update(escalated_at=moment)
        # One entry per overdue request and receiving agency of this node: its DPO reads it.
        owed = Recipient.objects.filter(
            message_id__in=[pk for pk, _u, _d in uids], agency__node_code=effects.local_node()
        ).values_list("message_id", "agency__code")
        agencies: dict[int, set[str]] = defaultdict(set)
        for pk, code in owed:
            agencies[pk].add(code)
        record_many(
            [
                Entry(
                    AuditAction.REQUEST_ESCALATED,
                    actor=None,
                    target=str(uid),
                    details={"deadline": deadline.isoformat() if deadline else ""},
                    agency=code,
                )
                for pk, uid, deadline in uids
                for code in sorted(agencies[pk])
            ]
        )
    return len(uids)
