"""A channel's rules, checked by the sender before sending and by the receiver on arrival
(FED-06): who may use the channel, what may travel on it, how sensitive it may be.

Every refusal is a ``RuleViolation`` whose message says, in the user's language, what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait.exchange import codes
from strait.permissions import Role
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.exchange.models import Channel


class RuleViolation(Refused, ValueError):
    """Sending this would break a rule; ``str(violation)`` is the reason, for the user."""


def participates(channel: Channel, agency: Agency) -> bool:
    # The channel's agencies when already read (``queries.channels_for`` prefetches them): the
    # work queue and every page ask this for each channel of the user on each request.
    prefetched = getattr(channel, "_prefetched_objects_cache", {}).get("agencies")
    if prefetched is not None:
        return any(a.pk == agency.pk for a in prefetched)
    return channel.agencies.filter(pk=agency.pk).exists()


def may_work_channel(channel: Channel, user: User) -> bool:
    """A user works a channel for their agency; on a liaison channel, only the officers posted to
    it do (with their agency's supervisors), where their agency has any."""
    if not channel.active or not participates(channel, user.agency):
        return False
    if channel.kind != codes.ChannelKind.LIAISON:
        return True
    posted = channel.liaison_officers.filter(agency=user.agency)
    if not posted.exists() or user.role == Role.SUPERVISOR:
        return True
    return posted.filter(pk=user.pk).exists()


def check_user(channel: Channel, user: User) -> None:
    if not may_work_channel(channel, user):
        raise RuleViolation(
            _("You may not use the channel %(channel)s.") % {"channel": channel.name}
        )


def check_sender(channel: Channel, agency: Agency) -> None:
    if not channel.active:
        raise RuleViolation(_("The channel %(channel)s is closed.") % {"channel": channel.name})
    if not participates(channel, agency):
        raise RuleViolation(
            _("%(agency)s does not take part in the channel %(channel)s.")
            % {"agency": agency.abbreviation, "channel": channel.name}
        )


def check_recipients(channel: Channel, sender: Agency, recipients: Iterable[Agency]) -> None:
    recipients = list(recipients)
    if not recipients:
        raise RuleViolation(_("Choose at least one receiving agency."))
    members = set(channel.agencies.values_list("pk", flat=True))
    for agency in recipients:
        if agency.pk == sender.pk:
            raise RuleViolation(_("An agency cannot send to itself."))
        if agency.pk not in members:
            raise RuleViolation(
                _("%(agency)s does not take part in the channel %(channel)s.")
                % {"agency": agency.abbreviation, "channel": channel.name}
            )


def check_kind(channel: Channel, kind: str) -> None:
    # Notices about an earlier item must always be able to follow it (DP-03).
    if kind in codes.CORRECTION_KINDS:
        return
    if kind not in channel.allowed_kinds:
        raise RuleViolation(
            _("The channel %(channel)s does not carry: %(kind)s.")
            % {"channel": channel.name, "kind": codes.MessageKind(kind).label}
        )


def check_handling(channel: Channel, handling: str, conditions: str) -> None:
    if handling not in codes.HANDLING_ORDER:
        raise RuleViolation(_("Unknown handling code."))
    if codes.HANDLING_ORDER[handling] > codes.HANDLING_ORDER[channel.max_handling]:
        raise RuleViolation(
            _("The channel %(channel)s carries handling codes up to %(max)s, not %(code)s.")
            % {"channel": channel.name, "max": channel.max_handling, "code": handling}
        )
    if handling == codes.HandlingCode.H3 and not conditions.strip():
        raise RuleViolation(_("Handling code H3 needs its restrictions stated."))


def check_evaluation(kind: str, source: str, information: str) -> None:
    if kind == codes.MessageKind.INFORMATION and not (source and information):
        raise RuleViolation(_("Information needs its evaluation: source and information codes."))


def check_message(
    channel: Channel,
    *,
    sender: Agency,
    recipients: Iterable[Agency],
    kind: str,
    handling: str,
    conditions: str,
    source: str,
    information: str,
) -> None:
    """Every rule a message must keep; raises one ``RuleViolation`` naming every rule broken,
    each on the field it concerns (a compose page shows them all at once, issue 12)."""
    problems = message_problems(
        channel,
        sender=sender,
        recipients=recipients,
        kind=kind,
        handling=handling,
        conditions=conditions,
        source=source,
        information=information,
    )
    if problems:
        raise RuleViolation(problems=problems)


def _handling_field(handling: str, conditions: str) -> str:
    unstated = handling == codes.HandlingCode.H3 and not conditions.strip()
    return "handling_conditions" if unstated else "handling"


def message_problems(
    channel: Channel,
    *,
    sender: Agency,
    recipients: Iterable[Agency],
    kind: str,
    handling: str,
    conditions: str,
    source: str,
    information: str,
) -> list[tuple[str, str]]:
    """``(field, reason)`` for every rule of ``check_message`` the message breaks."""
    checks: list[tuple[str, Callable[[], None]]] = [
        ("channel", lambda: check_sender(channel, sender)),
        ("recipients", lambda: check_recipients(channel, sender, recipients)),
        ("kind", lambda: check_kind(channel, kind)),
        (
            _handling_field(handling, conditions),
            lambda: check_handling(channel, handling, conditions),
        ),
        ("source_reliability", lambda: check_evaluation(kind, source, information)),
    ]
    problems: list[tuple[str, str]] = []
    for field, check in checks:
        try:
            check()
        except RuleViolation as violation:
            problems.append((field, violation.message))
    return problems
