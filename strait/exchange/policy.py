"""Who may do what with an item: the permission and object rules of the exchange, in one place.

The pages ask the ``can_*`` questions to show or hide a button; the actions call the ``check_*``
functions, which raise ``RuleViolation`` with the reason (or ``NotPermitted``). A ``can_*``
answer is never more generous than the ``check_*`` the action runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait.exchange import codes, rules
from strait.exchange.rules import RuleViolation
from strait.permissions import Permission, require
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.exchange.models import Message

# What a reply or acknowledgement may answer on the thread page.
# A reply or acknowledgement may itself be answered: the requester follows up on an answer.
ANSWERABLE = (
    codes.MessageKind.REQUEST,
    codes.MessageKind.INFORMATION,
    codes.MessageKind.REPLY,
    codes.MessageKind.ACKNOWLEDGEMENT,
)
# What may be passed on to another agency.
PASSABLE = (codes.MessageKind.INFORMATION, codes.MessageKind.REPLY)


def may_read(user: User) -> bool:
    return user.has_permission(Permission.MESSAGES_READ)


def may_send(user: User) -> bool:
    return user.has_permission(Permission.MESSAGES_SEND)


def is_live(message: Message) -> bool:
    """Neither erased nor itself a notice: an item one may still answer or correct."""
    return message.erased_at is None and message.kind not in codes.CORRECTION_KINDS


def is_usable(message: Message) -> bool:
    """Restricted or erased items may be read (to learn that) but not passed on or exported."""
    return message.restricted_at is None and message.erased_at is None


def received_by(message: Message, agency_id: int) -> bool:
    """Whether the agency is one of the item's recipients (uses prefetched recipients)."""
    return any(r.agency_id == agency_id for r in message.recipients.all())


def parties(message: Message) -> set[int]:
    return {message.sender_agency_id, *message.recipients.values_list("agency_id", flat=True)}


# Sending.


def check_send(user: User) -> None:
    require(user, Permission.MESSAGES_SEND)


# Answering.


def check_reply(user: User, original: Message) -> None:
    """An agency answers someone else's item, never its own, and never an erased one."""
    if original.sender_agency_id == user.agency_id:
        raise RuleViolation(_("You cannot answer your own agency's item."))
    if original.erased_at is not None:
        raise RuleViolation(_("This item has been erased by its originator."))


def can_reply(user: User, message: Message, *, received: bool) -> bool:
    if not (is_live(message) and received and may_send(user) and message.kind in ANSWERABLE):
        return False
    try:
        check_reply(user, message)
    except RuleViolation:
        return False
    return True


# Closing and reopening a thread.


def thread_parties(items: Sequence[Message]) -> set[int]:
    """Every agency that sent or received an item of the thread."""
    found: set[int] = set()
    for m in items:
        found |= parties(m)
    return found


def check_close(user: User, items: Sequence[Message]) -> None:
    """Any party to a thread may close it, or reopen it (on a channel the user works)."""
    require(user, Permission.MESSAGES_SEND)
    if not items or user.agency_id not in thread_parties(items):
        raise RuleViolation(_("Only a party to the thread may close or reopen it."))
    rules.check_user(items[0].channel, user)


def can_close(user: User, items: Sequence[Message]) -> bool:
    try:
        check_close(user, items)
    except Refused:
        return False
    return True


# Correcting (DP-03).


def check_correct(user: User, original: Message) -> None:
    if original.sender_agency_id != user.agency_id:
        raise RuleViolation(_("Only the originator may rectify, erase or restrict an item."))
    if original.kind in codes.CORRECTION_KINDS or original.erased_at is not None:
        raise RuleViolation(_("This item cannot be corrected any more."))


def can_correct(user: User, message: Message) -> bool:
    if not (is_live(message) and may_send(user)):
        return False
    try:
        check_correct(user, message)
    except RuleViolation:
        return False
    return True


# Passing on (DP-04, FED-07).


def check_pass_on(message: Message) -> None:
    if not is_usable(message):
        raise RuleViolation(_("This item is restricted or erased: it cannot be passed on."))
    if message.kind not in PASSABLE:
        raise RuleViolation(_("Only information and replies can be passed on."))


def can_pass_on(user: User, message: Message, *, received: bool) -> bool:
    """The thread page offers "pass on" (and asking consent) for a usable item received."""
    return is_live(message) and received and is_usable(message)


def needs_consent(message: Message, user: User, third_party: Agency | None) -> bool:
    """Consent is the originator's to give; our own agency's items need none."""
    if message.sender_agency_id == user.agency_id:
        return False
    if message.handling == codes.HandlingCode.H2:
        return True
    return third_party is not None and third_party.pk not in parties(message)


def check_ask_consent(user: User, message: Message) -> None:
    require(user, Permission.MESSAGES_SEND)
    if not message.recipients.filter(agency=user.agency).exists():
        raise RuleViolation(_("Only a receiving agency asks the originator for consent."))


def check_answer_consent(user: User, message: Message) -> None:
    require(user, Permission.CONSENT_ANSWER)
    if message.sender_agency_id != user.agency_id:
        raise RuleViolation(_("Only the originating agency answers a consent request."))


# Exporting.


def check_export(user: User, message: Message, *, consented: bool) -> None:
    require(user, Permission.MESSAGES_EXPORT)
    if not is_usable(message):
        raise RuleViolation(_("This item is restricted or erased: it cannot be exported."))
    if (
        message.handling == codes.HandlingCode.H2
        and message.sender_agency_id != user.agency_id
        and not consented
    ):
        raise RuleViolation(_("Exporting this H2 item needs the originator's consent."))


def check_read(user: User) -> None:
    require(user, Permission.MESSAGES_READ)
