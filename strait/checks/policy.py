"""Who may do what with a check: the permission and object rules of the checks app, in one place.

The pages ask the ``can_*`` questions to show or hide a button; the actions call the ``check_*``
functions, which raise ``RuleViolation`` with the reason (or ``NotPermitted``). A ``can_*``
answer is never more generous than the ``check_*`` the action runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait.checks.models import CheckAnswer, CheckOpening, IncomingCheck, Result
from strait.exchange.rules import RuleViolation
from strait.permissions import Permission, require
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User


def check_send(user: User) -> None:
    require(user, Permission.CHECKS_SEND)


def check_ask_details(user: User, answer: CheckAnswer) -> None:
    """Details are asked for after a hit, once, by the agency that sent the check (the request
    itself is a message: the exchange's own rules apply to it on top)."""
    require(user, Permission.CHECKS_SEND)
    if answer.check_ref.agency_id != user.agency_id:
        raise RuleViolation(_("This check is not your agency's."))
    if answer.result != Result.HIT:
        raise RuleViolation(_("Details can be asked only after a hit."))
    if answer.details_thread_uid is not None:
        raise RuleViolation(_("The details have already been asked for."))


def can_ask_details(user: User, answer: CheckAnswer) -> bool:
    """Whether the page offers "Ask for details" (the request is a message: sending one needs
    the permission to send messages too)."""
    if not user.has_permission(Permission.MESSAGES_SEND):
        return False
    try:
        check_ask_details(user, answer)
    except Refused:
        return False
    return True


def check_consult(user: User, incoming: IncomingCheck) -> None:
    """A partner's check of our records is read by our analysts and supervisors only."""
    require(user, Permission.CHECKS_ANSWER)
    if incoming.agency_id != user.agency_id:
        raise RuleViolation(_("This check is not your agency's."))


def check_consult_list(user: User) -> None:
    """The list of partners' checks names whom they checked: our analysts and supervisors."""
    require(user, Permission.CHECKS_ANSWER)


def check_decide(user: User, incoming: IncomingCheck) -> None:
    """Deciding on a candidate: the analysts of the agency the check was answered for."""
    check_consult(user, incoming)


def check_open(user: User) -> None:
    require(user, Permission.CHECKS_OPEN)


def check_remove_opening(user: User, opening: CheckOpening) -> None:
    require(user, Permission.CHECKS_OPEN)
    if opening.agency_id != user.agency_id:
        raise RuleViolation(_("This opening is not your agency's."))
