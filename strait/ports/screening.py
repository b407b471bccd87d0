"""Screening a ferry's manifest in one go, and erasing it when the centre's rule says.

``upload`` checks every row first (``manifests.check``: one broken row refuses the manifest
whole), then stores the sailing, its travellers and vehicles with an audit entry, and starts
the screening once that is committed, in a thread of this process (``PORTS_SCREENING_INLINE``
runs it in the caller: tests, the API's ``wait``). ``screen`` looks every row up:

1. in the screening agency's own records: persons through its person index (names in any
   script, dates of birth), documents and plates by their normalised key, each read back only
   while the record is in use (review and retention dates, DP-02);
2. against the active alerts addressed to or issued by the agency (``alerts.matching``): a match
   is flagged to the agency's users as any check's would be, and the finding carries the alert's
   type, so the page shows its required action;
3. with the partner, as hit/no-hit checks on the centre's channel (``partner_step``): nothing
   but hit or no hit and a reference comes back, or a refusal (the row then says "not
   answered" and why: nothing waits for an answer that will not come).

The sailing row holds the progress the result page polls. ``erase_expired`` (the task
``ports.erase_manifests``) deletes every sailing past ``erase_after`` with what hangs from it
and the partner step's check rows, audited as a count only.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.alerts import matching as alert_matching
from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.bulk import update_by_pk
from strait.checks import actions as checks_actions
from strait.checks import batch as checks_batch
from strait.checks.models import CheckBatch
from strait.entities.models import Document, Person, Vehicle
from strait.entities.person_index import person_index
from strait.exchange.models import Channel
from strait.permissions import Permission, require
from strait.ports import manifests
from strait.ports.manifest_models import Finding, Sailing, Traveller, VehicleEntry
from strait.ports.models import Centre
from strait.refusals import Refused
from strait.sharing import queries as sharing

if TYPE_CHECKING:
    from strait.accounts.models import User

log = logging.getLogger("strait.ports")

CENTRE_KIND = "ports.centre"
PROGRESS_EVERY = 100
SEARCH_LIMIT = 5
MAX_PORT = 10
MAX_VESSEL = 120


class SailingRefused(Refused):
    code = "invalid_sailing"


# --- reads ------------------------------------------------------------------------------------


def centre_for(user: Any, uid: uuid.UUID | str) -> Centre:
    """A centre the user's agency takes part in (Http404 otherwise)."""
    obj = sharing.get_visible(user, uid, CENTRE_KIND)
    return Centre.objects.get(obj=obj)


def centres_for(user: Any) -> list[Centre]:
    return list(
        Centre.objects.filter(obj__in=sharing.visible(user, CENTRE_KIND)).select_related("obj")
    )


def sailings_for(user: Any, centre: Centre) -> Any:
    """The sailings the user's agency screened at the centre (another agency's are not found)."""
    return Sailing.objects.filter(centre=centre, agency_id=user.agency_id)


def sailing_for(user: Any, uid: uuid.UUID | str) -> Sailing:
    """One of the user's agency's sailings, at a centre the agency still takes part in."""
    from django.http import Http404

    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such sailing") from None
    sailing = (
        Sailing.objects.filter(uid=key, agency_id=user.agency_id)
        .select_related("centre", "centre__obj")
        .first()
    )
    if sailing is None or not sharing.is_visible(user, sailing.centre.obj):
        raise Http404("no such sailing")
    return sailing


def results(sailing: Sailing) -> dict[str, Any]:
    """The result page's rows: hits first (alerts before the rest), then everyone else."""
    findings = list(sailing.findings.all())
    by_traveller: dict[int, list[Finding]] = {}
    by_vehicle: dict[int, list[Finding]] = {}
    for f in findings:
        if f.traveller_id is not None:
            by_traveller.setdefault(f.traveller_id, []).append(f)
        elif f.vehicle_id is not None:
            by_vehicle.setdefault(f.vehicle_id, []).append(f)
    rows: list[dict[str, Any]] = []
    for t in sailing.travellers.all():
        rows.append({"kind": "person", "entry": t, "findings": by_traveller.get(t.pk, [])})
    for v in sailing.vehicles.all():
        rows.append({"kind": "vehicle", "entry": v, "findings": by_vehicle.get(v.pk, [])})
    for r in rows:
        hits = [f for f in r["findings"] if f.result == Finding.Result.HIT]
        r["hits"] = sorted(hits, key=lambda f: f.source != Finding.Source.ALERT)
        r["pending"] = any(f.result == Finding.Result.PENDING for f in r["findings"])
        # The partner refused to look (its rate limit…): said so, with its reason, not "no hit".
        r["unanswered"] = [f for f in r["findings"] if f.result == Finding.Result.NOT_ANSWERED]
        r["alert"] = any(f.source == Finding.Source.ALERT for f in hits)
    hit_rows = sorted(
        (r for r in rows if r["hits"]), key=lambda r: (not r["alert"], r["entry"].row)
    )
    return {
        "hits": hit_rows,
        # Every hit counted (a traveller may be both an alert's and the partner's hit).
        "hit_count": sum(len(r["hits"]) for r in hit_rows),
        "rest": [r for r in rows if not r["hits"]],
        "unanswered_count": sum(1 for r in rows if r["unanswered"]),
    }


# --- upload -----------------------------------------------------------------------------------


def _sailing_fields(
    vessel: str, rotation: str, departs_at: dt.datetime, from_port: str, to_port: str
) -> dict[str, Any]:
    problems = []
    vessel, rotation = " ".join(vessel.split()), " ".join(rotation.split())
    if not vessel:
        problems.append(("vessel", _("The vessel is missing.")))
    if len(vessel) > MAX_VESSEL or len(rotation) > 40:
        problems.append(("vessel", _("The vessel or rotation is too long.")))
    for label, port in (("from_port", from_port), ("to_port", to_port)):
        if not port.strip() or len(port.strip()) > MAX_PORT:
            problems.append((label, _("A port's code (UN/LOCODE, such as ESALG) is needed.")))
    if departs_at is None or timezone.is_naive(departs_at):
        problems.append(("departs_at", _("The departure needs a date and a time.")))
    if problems:
        raise SailingRefused(problems=problems)
    return {
        "vessel": vessel,
        "rotation": rotation,
        "departs_at": departs_at,
        "from_port": from_port.strip().upper(),
        "to_port": to_port.strip().upper(),
    }


def upload(
    user: User,
    *,
    centre: Centre,
    vessel: str,
    rotation: str,
    departs_at: dt.datetime,
    from_port: str,
    to_port: str,
    rows: Iterable[dict[str, Any]],
    request: HttpRequest | None = None,
) -> Sailing:
    """Check every row, store the manifest, and screen it after commit. Refused whole
    (``ManifestRefused``, with the report per row) when any row is broken."""
    require(user, Permission.PORTS_SCREEN)
    if not sharing.is_visible(user, centre.obj):
        raise SailingRefused(_("Your agency does not take part in this centre."), code="not_found")
    fields = _sailing_fields(vessel, rotation, departs_at, from_port, to_port)
    checked = manifests.check(rows)
    now = timezone.now()
    with transaction.atomic():
        sailing = Sailing.objects.create(
            centre=centre,
            agency_id=user.agency_id,
            uploaded_by=user,
            uploaded_at=now,
            total=len(checked),
            erase_after=now + dt.timedelta(hours=centre.manifest_retention_hours),
            **fields,
        )
        travellers = Traveller.objects.bulk_create(
            [
                Traveller(
                    sailing=sailing,
                    row=r.row,
                    name=r.name,
                    script=r.script,
                    birth_date=r.birth_date,
                    document_number=r.document_number,
                    document_country=r.document_country,
                    document_key=r.document_key,
                    nationality=r.nationality,
                )
                for r in checked
                if r.name
            ]
        )
        VehicleEntry.objects.bulk_create(
            [
                VehicleEntry(
                    sailing=sailing,
                    row=r.row,
                    plate=r.plate,
                    plate_key=r.plate_key,
                    country=r.plate_country,
                    driver_row=r.row if r.name else None,
                )
                for r in checked
                if r.plate
            ]
        )
        Sailing.objects.filter(pk=sailing.pk).update(
            total=len(travellers) + sailing.vehicles.count()
        )
        audit(
            AuditAction.PORTS_MANIFEST_UPLOADED,
            request=request,
            actor=user,
            target=f"sailing:{sailing.uid}",
            details={
                "centre": centre.code,
                "rows": len(checked),
                "erase_after": sailing.erase_after.isoformat(),
            },
        )
        sailing_id = sailing.pk
        if not getattr(settings, "PORTS_SCREENING_INLINE", False):
            transaction.on_commit(lambda: launch(sailing_id))
    if getattr(settings, "PORTS_SCREENING_INLINE", False):
        # Tests and the API's ``wait``: screened in the caller, the result at hand.
        _screen_reported(sailing_id)
    sailing.refresh_from_db()
    return sailing


# --- screening --------------------------------------------------------------------------------


def _in_use(today: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}review_date__gte": today, f"{prefix}retention_date__gte": today})


def _own_persons(agency_id: int, travellers: Sequence[Traveller]) -> list[Finding]:
    index = person_index(agency_id)
    proposed: dict[int, list[tuple[str, float]]] = {}
    for t in travellers:
        dates = [t.birth_date] if t.birth_date else []
        try:
            matches = index.search(names=[t.name], birth_dates=dates, limit=SEARCH_LIMIT)
        except ValueError:
            matches = index.search(names=[t.name], limit=SEARCH_LIMIT)
        flagged = [(m.record_id, m.score) for m in matches if m.flagged]
        if flagged:
            proposed[t.pk] = flagged
    uids = {uid for pairs in proposed.values() for uid, _s in pairs}
    today = timezone.localdate()
    in_use = {
        str(p.uid): p
        for p in Person.objects.filter(_in_use(today), uid__in=list(uids)).prefetch_related("names")
        if p.agency_id == agency_id
    }
    found = []
    by_pk = {t.pk: t for t in travellers}
    for pk, pairs in proposed.items():
        for uid, score in pairs:
            person = in_use.get(uid)
            if person is not None:
                found.append(
                    Finding(
                        sailing_id=by_pk[pk].sailing_id,
                        traveller_id=pk,
                        source=Finding.Source.OWN_RECORDS,
                        result=Finding.Result.HIT,
                        reference=f"person:{uid}",
                        label=str(person)[:300],
                        score=score,
                    )
                )
                break  # the best record in use is enough for the officer at the quay
    return found


def _own_identifiers(
    agency_id: int, travellers: Sequence[Traveller], vehicles: Sequence[VehicleEntry]
) -> list[Finding]:
    today = timezone.localdate()
    found = []
    documents = {t.document_key: t for t in travellers if t.document_key}
    if documents:
        for doc in Document.objects.filter(
            _in_use(today), agency_id=agency_id, key__in=list(documents)
        ):
            t = documents[doc.key]
            found.append(
                Finding(
                    sailing_id=t.sailing_id,
                    traveller_id=t.pk,
                    source=Finding.Source.OWN_RECORDS,
                    result=Finding.Result.HIT,
                    reference=f"document:{doc.uid}",
                    label=str(doc)[:300],
                    score=1.0,
                )
            )
    plates = {v.plate_key: v for v in vehicles}
    if plates:
        for car in Vehicle.objects.filter(
            _in_use(today), agency_id=agency_id, key__in=list(plates)
        ):
            v = plates[car.key]
            found.append(
                Finding(
                    sailing_id=v.sailing_id,
                    vehicle_id=v.pk,
                    source=Finding.Source.OWN_RECORDS,
                    result=Finding.Result.HIT,
                    reference=f"vehicle:{car.uid}",
                    label=str(car)[:300],
                    score=1.0,
                )
            )
    return found


def _alert_findings(
    sailing: Sailing, travellers: Sequence[Traveller], vehicles: Sequence[VehicleEntry]
) -> list[Finding]:
    """Every row against the agency's active alerts (each match flagged to its users)."""
    agency = sailing.agency
    found = []
    asks: list[tuple[Traveller | VehicleEntry, str, dict[str, Any], str]] = []
    for t in travellers:
        query: dict[str, Any] = {"names": [t.name]}
        if t.birth_date:
            query["birth_date"] = t.birth_date
        asks.append((t, "person", query, t.name))
        if t.document_number:
            asks.append(
                (
                    t,
                    "document",
                    {"value": t.document_number, "country": t.document_country},
                    t.document_number,
                )
            )
    for v in vehicles:
        asks.append((v, "vehicle", {"value": v.plate, "country": v.country}, v.plate))

    def ref(entry: Traveller | VehicleEntry) -> str:
        side = "t" if isinstance(entry, Traveller) else "v"
        return f"manifest:{sailing.uid.hex[:20]}:{side}{entry.row}"

    entries = {ref(entry): entry for entry, *_r in asks}
    matched = alert_matching.match_many(
        agency=agency,
        items=[(kind, query, ref(entry), label) for entry, kind, query, label in asks],
    )
    for hit in matched:
        entry = entries[hit.ref]
        is_person = isinstance(entry, Traveller)
        found.append(
            Finding(
                sailing_id=sailing.pk,
                traveller_id=entry.pk if is_person else None,
                vehicle_id=None if is_person else entry.pk,
                source=Finding.Source.ALERT,
                result=Finding.Result.HIT,
                reference=str(hit.alert.obj.uid),
                label=hit.alert.title[:300],
                alert_uid=hit.alert.obj.uid,
                alert_type=hit.alert.type,
                score=hit.score,
            )
        )
    return found


def _partners(sailing: Sailing) -> list[Agency]:
    """The centre's agencies of the other side: on another node, on the centre's channel."""
    local = sharing.local_node()
    return [
        p.agency
        for p in sharing.participants(sailing.centre.obj)
        if p.agency_id != sailing.agency_id and p.agency.node_code != local
    ]


def partner_step(
    sailing: Sailing, travellers: Sequence[Traveller], vehicles: Sequence[VehicleEntry]
) -> None:
    """Ask the centre's partner agencies, as hit/no-hit checks on the centre's channel
    (``checks.actions.send_batch``); each item waits as a pending partner finding, filled in by
    ``on_batch_answered`` as the answers arrive. Nothing but hit or no hit and a reference comes
    back. Without a channel or a partner, or when the channel's rules refuse, the sailing says
    why the partner was not asked; the own records and alerts stand on their own."""
    centre = sailing.centre
    channel = Channel.objects.filter(code=centre.channel).first() if centre.channel else None
    partners = _partners(sailing)
    if channel is None or not partners or not (travellers or vehicles):
        Sailing.objects.filter(pk=sailing.pk).update(
            partner_note=str(_("The partner was not asked: no port channel at this centre."))
        )
        return
    items: list[dict[str, Any]] = [
        {"kind": "person", "names": [t.name], "birth_date": t.birth_date, "ref": f"t{t.pk}"}
        if t.birth_date
        else {"kind": "person", "names": [t.name], "ref": f"t{t.pk}"}
        for t in travellers
    ] + [{"kind": "vehicle", "value": v.plate, "ref": f"v{v.pk}"} for v in vehicles]
    # The pending findings commit with the batch and its envelopes, never after them: an answer
    # can only arrive once the envelopes left, and then finds them (on PostgreSQL an answer
    # applied between two commits found no sailing to fill, and its items stayed pending).
    with transaction.atomic():
        try:
            batch = checks_actions.send_batch(
                sailing.uploaded_by,
                channel=channel,
                recipients=partners,
                purpose=str(_("Ferry manifest screening at %(centre)s") % {"centre": centre.code}),
                items=items,
                erase_after=sailing.erase_after,
            )
        except Refused as refused:
            Sailing.objects.filter(pk=sailing.pk).update(
                partner_note=(str(_("The partner was not asked: ")) + refused.message)[:300]
            )
            return
        Finding.objects.bulk_create(
            [
                Finding(
                    sailing_id=sailing.pk,
                    traveller_id=t.pk,
                    source=Finding.Source.PARTNER,
                    result=Finding.Result.PENDING,
                )
                for t in travellers
            ]
            + [
                Finding(
                    sailing_id=sailing.pk,
                    vehicle_id=v.pk,
                    source=Finding.Source.PARTNER,
                    result=Finding.Result.PENDING,
                )
                for v in vehicles
            ],
            batch_size=1000,
        )
        Sailing.objects.filter(pk=sailing.pk).update(
            check_batch_uid=batch.uid, partner_asked=batch.asked
        )
    # Answers recorded before the findings were (none when the envelopes travel after commit;
    # an in-process partner, a test's transport): read back once.
    answered = [a for a in checks_batch.item_answers(batch) if a.result != "pending"]
    if answered:
        record_answers(batch.uid, answered)


# Which of two answers a partner finding keeps (several agencies asked): a hit wins, then a
# refusal (a no-hit of one agency says nothing of what the other did not look at), then a no-hit.
_RANK: dict[str, int] = {
    Finding.Result.PENDING: 0,
    Finding.Result.NO_HIT: 1,
    Finding.Result.NOT_ANSWERED: 2,
    Finding.Result.HIT: 3,
}
_FILLED = ["result", "reference", "label", "reason", "check_uid"]


def _entry(ref: str) -> tuple[str, int] | None:
    """A batch item's reference (``t<traveller pk>`` or ``v<vehicle pk>``), read back."""
    if ref[:1] in ("t", "v") and ref[1:].isdigit():
        return ref[:1], int(ref[1:])
    return None


def record_answers(batch_uid: uuid.UUID, answers: Iterable[Any]) -> None:
    """The partner's answers (``checks.batch.ItemAnswer``: ref, check uid, agency, result,
    reference, reason) onto the sailing's partner findings: a hit or a no-hit as it came; any
    other result (``refused``: the partner's rate limit…) as not answered, with its reason, so
    that nothing waits for an answer that will never come. A hit wins over another agency's
    answer (``_RANK``). Only the findings the answers name are locked and written, one prepared
    UPDATE for them all, and the sailing's counts move on by what changed (one UPDATE a call):
    a ferry's eight envelopes do not recount the sailing eight times."""
    sailing_id = (
        Sailing.objects.filter(check_batch_uid=batch_uid).values_list("pk", flat=True).first()
    )
    if sailing_id is None:
        return
    best: dict[tuple[str, int], tuple[str, Any]] = {}
    for answer in answers:
        entry = _entry(str(answer.ref))
        if entry is None or answer.result == Finding.Result.PENDING:
            continue
        result = (
            answer.result
            if answer.result in (Finding.Result.HIT, Finding.Result.NO_HIT)
            else Finding.Result.NOT_ANSWERED
        )
        if entry not in best or _RANK[result] > _RANK[best[entry][0]]:
            best[entry] = (result, answer)
    if not best:
        return
    travellers = [pk for side, pk in best if side == "t"]
    vehicles = [pk for side, pk in best if side == "v"]
    with transaction.atomic():
        findings = (
            Finding.objects.select_for_update()
            .filter(sailing_id=sailing_id, source=Finding.Source.PARTNER)
            .filter(Q(traveller_id__in=travellers) | Q(vehicle_id__in=vehicles))
            .values_list("pk", "traveller_id", "vehicle_id", "result")
        )
        rows: list[tuple[Any, tuple[Any, ...]]] = []
        partner_hits = 0
        newly_hit: list[tuple[int | None, int | None]] = []
        for pk, traveller_id, vehicle_id, was in findings:
            key = ("t", traveller_id) if traveller_id is not None else ("v", vehicle_id)
            if key not in best:
                continue
            result, answer = best[key]
            if _RANK[result] <= _RANK[was]:
                continue
            rows.append(
                (
                    pk,
                    (
                        result,
                        str(answer.reference)[:100],
                        str(answer.agency)[:300],
                        str(getattr(answer, "reason", ""))[:40]
                        if result == Finding.Result.NOT_ANSWERED
                        else "",
                        uuid.UUID(str(answer.check_uid)),
                    ),
                )
            )
            if result == Finding.Result.HIT:
                partner_hits += 1
                newly_hit.append((traveller_id, vehicle_id))
        if rows:
            update_by_pk(Finding, _FILLED, rows)
        # A row newly hit counts once among the sailing's hits unless its own records or an
        # alert already hit it (those findings were written before the partner was asked).
        hit_before = (
            set(
                Finding.objects.filter(sailing_id=sailing_id, result=Finding.Result.HIT)
                .exclude(source=Finding.Source.PARTNER)
                .filter(
                    Q(traveller_id__in=[t for t, _v in newly_hit if t is not None])
                    | Q(vehicle_id__in=[v for _t, v in newly_hit if v is not None])
                )
                .values_list("traveller_id", "vehicle_id")
            )
            if newly_hit
            else set()
        )
        # Answered: the batch's answers received, one per row and agency asked, as
        # ``partner_asked`` counts them. Several partner agencies answer each row: the page
        # waits for the last of them, not for the first answer of each row (it waited forever).
        received = (
            CheckBatch.objects.filter(uid=batch_uid).values_list("answered", flat=True).first()
        )
        Sailing.objects.filter(pk=sailing_id).update(
            partner_answered=F("partner_answered") if received is None else received,
            partner_hits=F("partner_hits") + partner_hits,
            hits=F("hits") + sum(1 for row in newly_hit if row not in hit_before),
        )


def on_batch_answered(sender: Any, **kwargs: Any) -> None:
    """Receiver of ``checks.signals.batch_answered`` (connected in ``notify``)."""
    batch = kwargs.get("batch")
    if batch is not None:
        record_answers(batch.uid, kwargs.get("answers") or [])


def screen(sailing: Sailing) -> Sailing:
    """Screen every row of the sailing; the row says how far it got and what it found."""
    travellers = list(sailing.travellers.all())
    vehicles = list(sailing.vehicles.all())
    agency_id = sailing.agency_id
    findings = _own_persons(agency_id, travellers)
    Sailing.objects.filter(pk=sailing.pk).update(screened=len(travellers) // 2)
    findings += _own_identifiers(agency_id, travellers, vehicles)
    findings += _alert_findings(sailing, travellers, vehicles)
    with transaction.atomic():
        Finding.objects.bulk_create(findings)
        hits = len({(f.traveller_id, f.vehicle_id) for f in findings})
        Sailing.objects.filter(pk=sailing.pk).update(
            screened=len(travellers) + len(vehicles), hits=hits
        )
    partner_step(sailing, travellers, vehicles)
    asked = Sailing.objects.filter(pk=sailing.pk).values_list("partner_asked", "check_batch_uid")
    partner_asked, batch_uid = asked.get()
    with transaction.atomic():
        finished = timezone.now()
        Sailing.objects.filter(pk=sailing.pk).update(
            status=Sailing.Status.DONE, finished_at=finished
        )
        # Counts only (the centre's counters read them: they outlive the erased manifest).
        audit(
            AuditAction.PORTS_MANIFEST_SCREENED,
            actor=sailing.uploaded_by,
            target=f"sailing:{sailing.uid}",
            details={
                "centre": sailing.centre.code,
                "rows": len(travellers) + len(vehicles),
                "hits": hits,
                "asked": partner_asked,
                "batch": str(batch_uid or ""),
            },
        )
    sailing.refresh_from_db()
    return sailing


def _screen_reported(sailing_id: int) -> None:
    sailing = Sailing.objects.select_related("centre", "centre__obj", "agency").get(pk=sailing_id)
    try:
        screen(sailing)
    except Exception:
        log.exception("screening sailing %s failed", sailing_id)
        Sailing.objects.filter(pk=sailing_id).update(
            status=Sailing.Status.FAILED, finished_at=timezone.now()
        )


def _run_in_thread(sailing_id: int) -> None:
    try:
        _screen_reported(sailing_id)
    finally:
        connection.close()  # the thread's own connection


threads: list[threading.Thread] = []


def launch(sailing_id: int) -> None:
    thread = threading.Thread(
        target=_run_in_thread, args=(sailing_id,), name=f"screening-{sailing_id}"
    )
    thread.daemon = True
    threads[:] = [t for t in threads if t.is_alive()] + [thread]
    thread.start()


# --- erasure ----------------------------------------------------------------------------------


def erase_expired(now: dt.datetime | None = None) -> int:
    """Delete every sailing past ``erase_after`` with its travellers, vehicles and findings, and
    the partner step's check rows; one audit entry per agency with the counts (no names), which
    its data-protection officer reads. Idempotent."""
    moment = now or timezone.now()
    expired = list(
        Sailing.objects.filter(erase_after__lte=moment).values_list(
            "pk", "check_batch_uid", "agency__code"
        )
    )
    if not expired:
        return 0
    pks = [pk for pk, _b, _a in expired]
    per_agency: dict[str, list[int]] = {}
    for pk, _b, agency in expired:
        per_agency.setdefault(agency, []).append(pk)
    with transaction.atomic():
        travellers = dict(
            Traveller.objects.filter(sailing_id__in=pks)
            .values_list("sailing_id")
            .annotate(n=Count("id"))
            .values_list("sailing_id", "n")
        )
        batches = [b for _pk, b, _a in expired if b is not None]
        for check_batch in CheckBatch.objects.filter(uid__in=batches):
            checks_actions.erase_batch(check_batch, reason="manifest erased")
        Sailing.objects.filter(pk__in=pks).delete()
        for agency, ids in sorted(per_agency.items()):
            audit(
                AuditAction.PORTS_MANIFESTS_ERASED,
                target="sailings",
                agency=agency,
                details={
                    "sailings": len(ids),
                    "travellers": sum(travellers.get(pk, 0) for pk in ids),
                },
            )
    return len(expired)
