"""Every write of the checks app: one transaction with its permission check, audit row and
outbox rows (REL-01). Views and the API call these and nothing else."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.checks import batch, matcher, policy, signals
from strait.checks import federation as wire_out
from strait.checks.models import (
    Candidate,
    Check,
    CheckAnswer,
    CheckBatch,
    CheckOpening,
    IncomingCheck,
    RecordKind,
)
from strait.checks.wire import CheckQueryWire
from strait.decisions import actions as decisions
from strait.decisions.models import MatchDecision, Verdict
from strait.entities.validation import COUNTRY_CODES
from strait.entities.validation import birth_date as valid_birth_date
from strait.exchange import actions as exchange_actions
from strait.exchange import codes, effects, outbound, rules
from strait.exchange.models import Channel, Message
from strait.exchange.rules import RuleViolation
from strait.federation.outbox import send
from strait.refusals import NotPermitted
from strait.text import has_nul

if TYPE_CHECKING:
    from strait.accounts.models import User

WINDOW = dt.timedelta(minutes=1)
MAX_NAMES = 5


def per_user_limit() -> int:
    return int(getattr(settings, "CHECKS_PER_USER_PER_MINUTE", 20))


@dataclass
class Ask:
    """What a user checks: names and a date of birth for a person, a value otherwise."""

    kind: str
    channel: Channel
    recipients: Sequence[Agency]
    purpose: str
    crime_area: str = codes.CrimeArea.OTHER
    names: Sequence[str] = ()
    birth_date: str = ""
    value: str = ""
    # The country a phone number written without its international prefix is read in: the
    # page asks for it (defaulting to the partner's); None reads it in the sender's own country
    # (the API before issue 12), "" in none, so only a number with "+" is accepted.
    country: str | None = None


def _refuse_nul(*texts: str) -> None:
    """PostgreSQL cannot store NUL in text: say so instead of failing on the insert."""
    if has_nul(texts):
        raise RuleViolation(_("Remove the NUL character (\\x00) from the text."))


def _international(value: str) -> bool:
    return value.lstrip().startswith(("+", "00"))


def _looks_local(value: str) -> bool:
    """A phone number as dialled inside its country: digits enough, no international prefix."""
    return not _international(value) and sum(c.isdigit() for c in value) >= 6


def _query(ask: Ask, country: str) -> dict[str, Any]:
    """The check's query, checked and normalised; RuleViolation says what is wrong."""
    _refuse_nul(*ask.names, ask.birth_date, ask.value, ask.country or "")
    if ask.country is not None and ask.kind == RecordKind.PHONE:
        country = ask.country.strip().upper()
        if country and country not in COUNTRY_CODES:
            raise RuleViolation(_("Not a country code: %(value)s") % {"value": country[:10]})
        if not country and _looks_local(ask.value):
            raise RuleViolation(
                _(
                    "The number %(value)s has no international prefix: choose the country it "
                    "belongs to, or write it with + and the country code (+212 661 22 33 44 for "
                    "a Moroccan mobile)."
                )
                % {"value": ask.value.strip()[:100]}
            )
    if ask.kind not in RecordKind.values:
        raise RuleViolation(_("Choose what to check."))
    if ask.kind == RecordKind.PERSON:
        names = [" ".join(n.split()) for n in ask.names if n.strip()]
        if not names:
            raise RuleViolation(_("Give at least one name."))
        if len(names) > MAX_NAMES:
            raise RuleViolation(_("At most %(n)s names per check.") % {"n": MAX_NAMES})
        for name in names:
            if len(name) > 200 or not any(ch.isalpha() for ch in name):
                raise RuleViolation(_("Not a usable name: %(name)s") % {"name": name[:200]})
        birth_date = ""
        if ask.birth_date.strip():
            try:
                birth_date = valid_birth_date(ask.birth_date.strip())
            except ValueError as exc:
                raise RuleViolation(
                    _("Not a date of birth: %(value)s. Write 1980-03-12, 1980-03 or 1980.")
                    % {"value": ask.birth_date.strip()[:20]}
                ) from exc
        return {"names": names, "birth_date": birth_date}
    value = ask.value.strip()
    try:
        if len(value) > 100:
            raise ValueError(value)
        matcher.query_key(ask.kind, value, country)
    except ValueError as exc:
        if ask.kind == RecordKind.PHONE and _looks_local(value):
            raise RuleViolation(
                _(
                    "Not a phone number of %(country)s: %(value)s. Choose the country the "
                    "number belongs to, or write it with + and the country code."
                )
                % {"country": country or "—", "value": value[:100]}
            ) from exc
        raise RuleViolation(
            _("Not a valid %(kind)s: %(value)s")
            % {"kind": RecordKind(ask.kind).label, "value": value[:100]}
        ) from exc
    return {"value": value, "country": country}


def _label(query: dict[str, Any]) -> str:
    label = " / ".join(query["names"]) if "names" in query else query["value"]
    if query.get("birth_date"):
        label += f" ({query['birth_date']})"
    return str(label)[:300]


def send_check(ask: Ask, *, acting_user: User, request: HttpRequest | None = None) -> Check:
    """Check, store, audit and queue a check to the partner agencies' nodes."""
    user = acting_user
    policy.check_send(user)
    rules.check_user(ask.channel, user)
    rules.check_sender(ask.channel, user.agency)
    rules.check_recipients(ask.channel, user.agency, ask.recipients)
    here = effects.local_node()
    if any(a.node_code == here for a in ask.recipients):
        raise RuleViolation(_("A check goes to partner agencies on another node."))
    _refuse_nul(ask.purpose)
    purpose = ask.purpose.strip()
    if not purpose or len(purpose) > 300:
        raise RuleViolation(_("State the purpose of the check."))
    if ask.crime_area not in codes.CrimeArea.values:
        raise RuleViolation(_("Choose a crime area."))
    query = _query(ask, user.agency.country.code)
    nodes: dict[str, list[str]] = defaultdict(list)
    for agency in ask.recipients:
        nodes[agency.node_code].append(agency.code)
    peers = {node: outbound.peer_for(node) for node in nodes}
    with transaction.atomic():
        from strait.accounts.models import User

        # Lock the user's row so two checks at once cannot both slip under the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        now = timezone.now()
        recent = batch.recent_sends(user, now - WINDOW)  # a batch counts as one
        if recent >= per_user_limit():
            raise RuleViolation(
                _("You have sent %(n)s checks in the last minute; wait a moment.") % {"n": recent}
            )
        check = Check.objects.create(
            agency=user.agency,
            user=user,
            channel=ask.channel,
            kind=ask.kind,
            query=query,
            label=_label(query),
            purpose=purpose,
            crime_area=ask.crime_area,
            created_at=now,
        )
        CheckAnswer.objects.bulk_create(
            CheckAnswer(check_ref=check, agency=agency) for agency in ask.recipients
        )
        signals.check_recorded.send(
            Check,
            agency=user.agency,
            kind=ask.kind,
            query=query,
            ref=str(check.uid),
            label=check.label,
        )
        for node, agencies in sorted(nodes.items()):
            body = CheckQueryWire(
                uid=check.uid,
                channel=ask.channel.code,
                requester_agency=user.agency.code,
                requester_name=user.full_name,
                recipients=agencies,
                kind=RecordKind(ask.kind),
                names=query.get("names", []),
                birth_date=query.get("birth_date", ""),
                value=query.get("value", ""),
                country=query.get("country", ""),
                purpose=purpose,
                crime_area=codes.CrimeArea(ask.crime_area),
                created_at=now,
            )
            send(peers[node], wire_out.QUERY, wire_out._json(body), handling=wire_out.HANDLING)
        record(
            AuditAction.CHECK_SENT,
            request=request,
            actor=user,
            target=str(check.uid),
            details={
                "channel": ask.channel.code,
                "kind": ask.kind,
                "purpose": purpose,
                "recipients": [a.code for a in ask.recipients],
            },
        )
    return check


_ABOUT = {
    RecordKind.PERSON: codes.AboutKind.PERSON,
    RecordKind.PHONE: codes.AboutKind.PHONE,
    RecordKind.VEHICLE: codes.AboutKind.VEHICLE,
    RecordKind.VESSEL: codes.AboutKind.VESSEL,
}


def details_subject(reference: str) -> str:
    return _("Details after a hit: check %(reference)s") % {"reference": reference}


MAX_QUESTION = 5000


def ask_for_details(
    answer: CheckAnswer,
    *,
    urgency: str = codes.Urgency.NORMAL,
    question: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> Message:
    """After a hit: a request for the details on the check's channel, to the agency that
    answered, quoting its reference (as subject and as a case reference, so the answering
    node links it to the check). ``urgency`` sets its deadline (DESIGN.md §4); ``question``,
    what the officer wants to know, opens the text."""
    user = acting_user
    policy.check_ask_details(user, answer)
    if urgency not in codes.Urgency.values:
        raise RuleViolation(_("Choose an urgency."))
    _refuse_nul(question)
    question = question.strip()
    if len(question) > MAX_QUESTION:
        raise RuleViolation(_("At most %(n)s characters.") % {"n": MAX_QUESTION})
    check = answer.check_ref
    about: list[tuple[str, str]] = [(codes.AboutKind.CASE, answer.reference)]
    if check.kind in _ABOUT:
        values = check.query.get("names", [])[:1] or [check.query.get("value", "")]
        about += [(_ABOUT[RecordKind(check.kind)], v[:200]) for v in values if v]
    today = timezone.localdate()
    body = _(
        "Our check of %(what)s (%(kind)s) on %(date)s was answered with a hit, reference "
        "%(reference)s. Please send us the details you can share.\n\nPurpose: %(purpose)s"
    ) % {
        "what": check.label,
        "kind": check.get_kind_display(),
        "date": check.created_at.date().isoformat(),
        "reference": answer.reference,
        "purpose": check.purpose,
    }
    if question:
        body = f"{question}\n\n———\n{body}"
    draft = exchange_actions.Draft(
        channel=check.channel,
        kind=codes.MessageKind.REQUEST,
        recipients=[answer.agency],
        subject=details_subject(answer.reference),
        body=body,
        language=user.language if user.language in codes.LANGUAGES else "en",
        crime_area=check.crime_area,
        urgency=urgency,
        handling=codes.HandlingCode.H0,
        purpose=check.purpose,
        subject_category=codes.SubjectCategory.OTHER,
        fact_or_assessment=codes.FactOrAssessment.FACT,
        review_date=today + dt.timedelta(days=90),
        retention_date=today + dt.timedelta(days=365),
        about=about,
    )
    with transaction.atomic():
        message = exchange_actions.send_message(draft, acting_user=user, request=request)
        updated = CheckAnswer.objects.filter(pk=answer.pk, details_thread_uid=None).update(
            details_thread_uid=message.thread_uid
        )
        if not updated:
            raise RuleViolation(_("The details have already been asked for."))
        record(
            AuditAction.CHECK_DETAILS_REQUESTED,
            request=request,
            actor=user,
            target=str(check.uid),
            details={
                "to": answer.agency.code,
                "reference": answer.reference,
                "message": str(message.uid),
                "urgency": urgency,
            },
        )
    answer.details_thread_uid = message.thread_uid
    return message


def consult(
    incoming: IncomingCheck, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """An analyst opened an incoming check: each candidate shown is a consultation (LOG-01)."""
    policy.check_consult(acting_user, incoming)
    candidates = [str(c.record_uid) for c in incoming.candidates.all()]
    if not candidates:
        return
    record(
        AuditAction.CHECK_CANDIDATE_CONSULTED,
        request=request,
        actor=acting_user,
        target=str(incoming.uid),
        details={"reference": incoming.reference, "records": candidates},
    )


def consult_list(
    rows: Sequence[IncomingCheck], *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """A list of partners' checks shows what they checked (names, numbers): one consultation
    entry naming the checks shown, by reference (LOG-01). An empty list shows nothing."""
    policy.check_consult_list(acting_user)
    if not rows:
        return
    record(
        AuditAction.CHECK_INCOMING_CONSULTED,
        request=request,
        actor=acting_user,
        target="checks:incoming",
        details={"shown": [i.reference for i in rows]},
    )


def counterpart(incoming: IncomingCheck) -> str:
    return f"check:{incoming.check_uid}"


def decide(
    candidate: Candidate,
    verdict: str,
    *,
    note: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> MatchDecision:
    """Record whether a candidate is the person (or thing) the partner checked."""
    user = acting_user
    incoming = candidate.incoming
    policy.check_decide(user, incoming)
    if verdict not in Verdict.values:
        raise RuleViolation(_("Choose match, no match or unsure."))
    if len(note) > 2000:
        raise RuleViolation(_("The note is too long."))
    _refuse_nul(note)
    return decisions.decide(
        user,
        candidate.record_uid,
        counterpart(incoming),
        verdict,
        label=f"{incoming.requester.abbreviation} {incoming.reference}: {incoming.label}",
        note=note.strip(),
        score=candidate.score,
        request=request,
    )


def set_opening(
    *,
    partner: Agency,
    channel: Channel,
    kinds: Sequence[str],
    max_handling: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CheckOpening:
    """Open (or change what is open of) the user's agency's records to a partner on a channel."""
    user = acting_user
    policy.check_open(user)
    rules.check_sender(channel, user.agency)
    rules.check_recipients(channel, user.agency, [partner])
    kinds = sorted(set(kinds))
    if not kinds or not set(kinds) <= set(RecordKind.values):
        raise RuleViolation(_("Choose which records to open."))
    if max_handling not in codes.HANDLING_ORDER:
        raise RuleViolation(_("Unknown handling code."))
    if codes.HANDLING_ORDER[max_handling] > codes.HANDLING_ORDER[channel.max_handling]:
        raise RuleViolation(
            _("The channel %(channel)s carries handling codes up to %(max)s, not %(code)s.")
            % {"channel": channel.name, "max": channel.max_handling, "code": max_handling}
        )
    with transaction.atomic():
        before = CheckOpening.objects.filter(
            agency=user.agency, partner=partner, channel=channel
        ).first()
        opening, _created = CheckOpening.objects.update_or_create(
            agency=user.agency,
            partner=partner,
            channel=channel,
            defaults={"kinds": kinds, "max_handling": max_handling, "created_by": user},
        )
        record(
            AuditAction.CHECK_OPENING_CHANGED,
            request=request,
            actor=user,
            target=str(opening.uid),
            details={
                "partner": partner.code,
                "channel": channel.code,
                "before": {"kinds": before.kinds, "max_handling": before.max_handling}
                if before
                else None,
                "after": {"kinds": kinds, "max_handling": max_handling},
            },
        )
    return opening


def open_for_node(
    *,
    agency: Agency,
    partner: Agency,
    channel: Channel,
    kinds: Sequence[str],
    max_handling: str,
    system_reason: str,
) -> bool:
    """Open ``agency``'s records to ``partner`` for the node itself (the demo's port station),
    where no opening exists yet; True when one was made. No user acts: the caller says why in
    ``system_reason``, which the audit entry keeps."""
    if not system_reason:
        raise NotPermitted(_("You do not have permission to do this."))
    with transaction.atomic():
        opening, created = CheckOpening.objects.get_or_create(
            agency=agency,
            partner=partner,
            channel=channel,
            defaults={"kinds": sorted(set(kinds)), "max_handling": max_handling},
        )
        if created:
            record(
                AuditAction.CHECK_OPENING_CHANGED,
                target=str(opening.uid),
                agency=agency.code,
                details={
                    "partner": partner.code,
                    "channel": channel.code,
                    "before": None,
                    "after": {"kinds": opening.kinds, "max_handling": max_handling},
                    "reason": system_reason,
                },
            )
    return created


def remove_opening(
    opening: CheckOpening, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    user = acting_user
    policy.check_remove_opening(user, opening)
    with transaction.atomic():
        record(
            AuditAction.CHECK_OPENING_CHANGED,
            request=request,
            actor=user,
            target=str(opening.uid),
            details={
                "partner": opening.partner.code,
                "channel": opening.channel.code,
                "before": {"kinds": opening.kinds, "max_handling": opening.max_handling},
                "after": None,
            },
        )
        opening.delete()


def forget_records(sender: Any, uids: list[uuid.UUID], **_kwargs: Any) -> int:
    """Receiver of ``entities.signals.records_erased``: forget every erased record."""
    return sum(forget_record(uid) for uid in uids)


def forget_record(record_uid: uuid.UUID | str) -> int:
    """An erased record is no longer named by our partners' checks: blank the label and the
    explanation (its names as held) of the candidates it was, and redact the decisions taken on
    it. The candidate row stays, with its score and features, as does the check it answered.
    Entities' erasure is to call this for every record it removes (a person's phones, documents
    and vehicles included). Returns how many candidates changed."""
    with transaction.atomic():
        decisions.redact(record_uid)
        return (
            Candidate.objects.filter(record_uid=record_uid)
            .exclude(record_label="", explanation="")
            .update(record_label="", explanation="", evidence={})
        )


def send_batch(
    acting_user: User,
    *,
    channel: Channel,
    recipients: Sequence[Agency],
    purpose: str,
    items: Sequence[Mapping[str, Any]],
    erase_after: dt.datetime,
    crime_area: str = codes.CrimeArea.OTHER,
    request: HttpRequest | None = None,
) -> CheckBatch:
    """Check many items at once (a ferry's manifest) against partner agencies on ``channel``:
    one ``Check`` per item, answered hit / no hit with a reference per item and agency, nothing
    more (AC-04). Each item is a mapping: ``ref`` (the caller's own reference of the item, at
    most 100 characters, unique in the batch: answers are read back by it), ``kind``
    (``person``, ``vehicle``, ``document``, or any ``RecordKind``), ``names`` and
    ``birth_date`` for a person, ``value`` (and ``country`` for a phone) otherwise.

    The permission (``checks:check:send``) and the channel's rules are checked once, every item
    is checked as ``send_check`` checks one (RuleViolation naming the item's ref: nothing is
    stored or sent), at most ``CHECKS_BATCH_MAX_ITEMS`` items (default 5,000); the per-user rate
    limit counts the batch as one check. ``erase_after`` (in the future, within 31 days): the
    batch's checks without a hit are erased then, here (``erase_batch``, also run by the task
    ``checks.erase_batches``) and on the answering nodes. Progress: the returned ``CheckBatch``
    (``asked``, ``answered``, ``hits``; ``batch.progress``); answers: ``batch.item_answers`` and
    the signal ``checks.signals.batch_answered``. The asking side's alerts are not matched
    here (the manifest's screening does that itself)."""
    user = acting_user
    policy.check_send(user)
    rules.check_user(channel, user)
    rules.check_sender(channel, user.agency)
    rules.check_recipients(channel, user.agency, recipients)
    if any(a.node_code == effects.local_node() for a in recipients):
        raise RuleViolation(_("A check goes to partner agencies on another node."))
    _refuse_nul(purpose)
    purpose = purpose.strip()
    if not purpose or len(purpose) > 300:
        raise RuleViolation(_("State the purpose of the check."))
    if crime_area not in codes.CrimeArea.values:
        raise RuleViolation(_("Choose a crime area."))
    if not items:
        raise RuleViolation(_("Nothing to check."))
    if len(items) > batch.max_items():
        raise RuleViolation(_("At most %(n)s items in one batch.") % {"n": batch.max_items()})
    now = timezone.now()
    if not now < erase_after <= now + batch.MAX_KEEP:
        raise RuleViolation(_("The batch must be erased within 31 days."))
    checked: list[batch.Item] = []
    refs: set[str] = set()
    for item in items:
        ref = str(item.get("ref", ""))
        if not ref or len(ref) > 100 or ref in refs:
            raise RuleViolation(
                _("Each item needs its own reference: %(ref)s") % {"ref": ref[:100]}
            )
        refs.add(ref)
        ask = Ask(
            kind=str(item.get("kind", "")),
            channel=channel,
            recipients=recipients,
            purpose=purpose,
            names=[str(n) for n in _listed(item.get("names"))],
            birth_date=str(item.get("birth_date", "") or ""),
            value=str(item.get("value", "") or ""),
            country=item.get("country"),
        )
        try:
            query = _query(ask, user.agency.country.code)
        except RuleViolation as exc:
            raise RuleViolation(
                _("Item %(ref)s: %(error)s") % {"ref": ref, "error": str(exc)}
            ) from exc
        checked.append(batch.Item(ref, ask.kind, query, _label(query)))
    return batch.record(
        user=user,
        channel=channel,
        recipients=recipients,
        purpose=purpose,
        crime_area=crime_area,
        items=checked,
        erase_after=erase_after,
        limit=per_user_limit(),
        request=request,
    )


def _listed(value: Any) -> Sequence[Any]:
    """An item's names: one name given as a string is one name, not its letters."""
    if isinstance(value, str):
        return [value]
    return list(value or ())


def erase_batch(check_batch: CheckBatch, *, reason: str = "erase_after") -> int:
    """Erase a batch on the asking node (travellers are not suspects): the batch and its checks
    without a hit go; a check answered with a hit stays, as the ground for asking the details.
    No user acts (the manifests' erasure task calls it; so does ``checks.erase_batches`` once
    ``erase_after`` has passed); ``reason`` goes into the audit entry, which holds counts only.
    Returns how many checks were erased. The answering nodes erase their side on their own,
    after the ``erase_after`` the batch carried."""
    return batch.erase(check_batch, reason=reason)
