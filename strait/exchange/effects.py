"""Storing a message, the same way whether this node's user sent it or a peer delivered it, and
what a message does to the thread it joins (answering a request, correcting an earlier item).

Callers hold the transaction: ``actions`` (sending) and ``federation`` (arrival). Nothing here
sends an envelope: what a stored item makes this node send (the notice passed on to the copies
it forwarded, receipts) is the caller's to queue.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.exchange import about, attachments, codes, search
from strait.exchange.models import (
    About,
    Attachment,
    Channel,
    Message,
    Recipient,
    SearchKey,
    ThreadState,
)
from strait.exchange.rules import RuleViolation
from strait.exchange.wire import MessageWire
from strait.markings import InvalidMarkings, Markings


def local_node() -> str:
    return str(settings.NODE.code)


def agencies_by_code(codes_: list[str]) -> dict[str, Agency]:
    found = {a.code: a for a in Agency.objects.filter(code__in=codes_).select_related("country")}
    missing = sorted(set(codes_) - set(found))
    if missing:
        raise RuleViolation(_("Unknown agency: %(codes)s.") % {"codes": ", ".join(missing)})
    return found


def original_of(wire: MessageWire) -> Message | None:
    """The item a reply, acknowledgement or notice refers to, checked against the thread."""
    if wire.kind not in codes.THREAD_KINDS:
        if wire.in_reply_to_uid is not None:
            raise RuleViolation(_("Only replies, acknowledgements and notices refer to an item."))
        return None
    if wire.in_reply_to_uid is None:
        raise RuleViolation(_("A reply, acknowledgement or notice must refer to an item."))
    original = (
        Message.objects.select_related("sender_agency", "channel")
        .filter(uid=wire.in_reply_to_uid)
        .first()
    )
    if original is None or original.thread_uid != wire.thread_uid:
        raise RuleViolation(_("The item referred to is not known here."))
    if original.channel.code != wire.channel:
        raise RuleViolation(_("A thread stays on its channel."))
    parties = {
        original.sender_agency.code,
        *original.recipients.values_list("agency__code", flat=True),
    }
    if wire.sender_agency not in parties:
        raise RuleViolation(_("Only a party to the item may answer it."))
    if wire.kind in codes.CORRECTION_KINDS and wire.sender_agency != original.sender_agency.code:
        raise RuleViolation(_("Only the originator may rectify, erase or restrict an item."))
    return original


def store(wire: MessageWire, *, sender_user: Any = None, parts_held: bool = False) -> Message:
    """Write a message with its recipients, subjects and attachment records, and apply what it
    does to its thread. ``parts_held``: the attachment parts are already stored here (a local
    send); otherwise they follow in their own envelopes."""
    if Message.objects.filter(uid=wire.uid).exists():
        raise RuleViolation(_("A message with this id already exists."))
    channel = Channel.objects.filter(code=wire.channel).first()
    if channel is None:
        raise RuleViolation(_("Unknown channel: %(code)s.") % {"code": wire.channel})
    agencies = agencies_by_code([wire.sender_agency, *wire.recipients])
    try:
        markings = Markings.from_wire(wire.model_dump())
    except InvalidMarkings as exc:
        raise RuleViolation(exc.message) from exc
    original = original_of(wire)
    now = timezone.now()
    deadline = (
        codes.deadline_for(wire.urgency, wire.created_at)
        if wire.kind == codes.MessageKind.REQUEST
        else None
    )
    message = Message(
        uid=wire.uid,
        thread_uid=wire.thread_uid,
        in_reply_to_uid=wire.in_reply_to_uid,
        forwarded_from_uid=wire.forwarded_from_uid,
        consent_uid=wire.consent_uid,
        channel=channel,
        kind=wire.kind,
        origin_node=agencies[wire.sender_agency].node_code,
        sender_agency=agencies[wire.sender_agency],
        sender_user=sender_user,
        sender_name=wire.sender_name,
        subject=wire.subject,
        body=wire.body,
        language=wire.language,
        crime_area=wire.crime_area,
        urgency=wire.urgency,
        created_at=wire.created_at,
        deadline=deadline,
        search_text=search.search_text(wire.subject, wire.body, [a.value for a in wire.about]),
        search_parties=search.parties([wire.sender_agency, *wire.recipients]),
    )
    markings.apply_to(message)
    message.save(force_insert=True)
    here = local_node()
    Recipient.objects.bulk_create(
        Recipient(
            message=message,
            agency=agencies[code],
            created_at=wire.created_at,
            delivered_at=now if agencies[code].node_code == here else None,
        )
        for code in dict.fromkeys(wire.recipients)
    )
    country = agencies[wire.sender_agency].country.code
    subjects = About.objects.bulk_create(
        About(message=message, kind=a.kind, value=a.value, key=about.key(a.kind, a.value, country))
        for a in wire.about
    )
    SearchKey.objects.bulk_create(
        SearchKey(message=message, key=k)
        for k in sorted(set().union(*(about.search_keys(a.kind, a.value, a.key) for a in subjects)))
    )
    Attachment.objects.bulk_create(
        Attachment(
            uid=a.uid,
            message=message,
            filename=a.filename,
            content_type=a.content_type,
            size=a.size,
            sha256=a.sha256,
            parts=a.parts,
            parts_received=a.parts if parts_held else 0,
        )
        for a in wire.attachments
    )
    if original is not None:
        follow_up(original, message)
    # A message joining a thread closed before it was written reopens it (on every node alike:
    # each applies the same rule to the same message).
    set_thread_state(
        message.thread_uid,
        closed=False,
        at=message.created_at,
        agency=message.sender_agency,
        by=message.sender_name,
        only_if_closed=True,
    )
    return message


def set_thread_state(
    thread_uid: Any,
    *,
    closed: bool,
    at: Any,
    agency: Agency,
    by: str,
    only_if_closed: bool = False,
) -> bool:
    """Close or reopen a thread as of ``at``; a change older than the one held is ignored (the
    latest wins, whichever order two nodes' changes arrive in). True if the state changed."""
    state = ThreadState.objects.select_for_update().filter(thread_uid=thread_uid).first()
    if state is None:
        if only_if_closed or not closed:
            return False
        ThreadState.objects.create(
            thread_uid=thread_uid,
            closed=True,
            changed_at=at,
            changed_by_agency=agency,
            changed_by_name=by,
        )
        return True
    if state.changed_at >= at or (only_if_closed and not state.closed):
        return False
    ThreadState.objects.filter(pk=state.pk).update(
        closed=closed, changed_at=at, changed_by_agency=agency, changed_by_name=by
    )
    return state.closed != closed


def follow_up(original: Message, message: Message) -> None:
    """What a reply or notice does to the item it refers to."""
    kind = message.kind
    if kind == codes.MessageKind.REPLY and original.kind == codes.MessageKind.REQUEST:
        if original.answered_at is None:
            Message.objects.filter(pk=original.pk).update(answered_at=message.created_at)
    elif kind == codes.MessageKind.RECTIFICATION:
        Message.objects.filter(pk=original.pk).update(rectified_at=message.created_at)
    elif kind == codes.MessageKind.RESTRICTION:
        Message.objects.filter(pk=original.pk).update(restricted_at=message.created_at)
    elif kind == codes.MessageKind.ERASURE:
        erase(original, message.created_at)


def erase(message: Message, when: Any) -> None:
    """Erase an item's content here, keeping the fact that it existed and was erased (DP-03)."""
    held = [(str(a.uid), a.parts) for a in message.attachments.all()]
    message.attachments.all().delete()
    message.about.all().delete()
    SearchKey.objects.filter(message=message).delete()
    Message.objects.filter(pk=message.pk).update(
        subject="", body="", search_text="", erased_at=when
    )
    # The files go once the erasure has committed: a rolled-back erasure keeps them.
    for uid, parts in held:
        transaction.on_commit(functools.partial(attachments.erase, uid, parts))
