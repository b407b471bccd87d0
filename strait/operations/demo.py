"""The demo's joint operations: synthetic people and things (none stands for a real one), made
only through the apps' actions, as users would make them on the pages.

On ``ma``, the home: AZAHAR, against a recruitment cell acting on both shores, led by the DGST
with the DGSN and the CGI (es) taking part and the PSP (pt) observing; and NOCTUA, a closed
operation of the DGSN with the Guardia Civil against a network flying cannabis resin across the
Strait in a light aircraft. On ``es``, once the nodes are peers and AZAHAR's copy has arrived:
the CGI's part of AZAHAR, proposed to the home (its persons and phone, relations, arrests and a
seizure). ``pt`` only reads. Each step runs once: a second run finds it done and skips it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.entities import actions as entities
from strait.entities import queries as records
from strait.entities.validation import (
    IdentifierDraft,
    Markings,
    NameDraft,
    PersonDraft,
    detect_script,
)
from strait.operations import actions
from strait.operations.demo_data import (
    AZAHAR_RELATIONS,
    CGI_PERSONS,
    CGI_RELATIONS,
    DGSN_PERSONS,
    DGST_PERSONS,
    NOCTUA_PERSONS,
    DemoPerson,
)
from strait.operations.models import Operation
from strait.sharing import actions as sharing
from strait.sharing import queries as shared_objects
from strait.sharing import registry
from strait.sharing.models import Proposal, ProposalStatus

AZAHAR = "AZAHAR"
NOCTUA = "NOCTUA"
PURPOSE = "Demo data: synthetic records of the joint operations"
# How long ``es`` waits for the home's copy of AZAHAR, and for its own proposals to come back.
WAIT = 90.0


@dataclass
class Shared:
    """The operation's entity uids by the keys above."""

    uids: dict[str, str] = field(default_factory=dict)


def _markings(handling: str = "H1") -> Markings:
    today = timezone.localdate()
    return Markings(
        handling=handling,
        purpose=PURPOSE,
        subject_category="suspect",
        fact_or_assessment="fact",
        review_date=today + dt.timedelta(days=365),
        retention_date=today + dt.timedelta(days=5 * 365),
        source_reliability="B",
        information_credibility="2",
    )


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _at(days: int, hour: int) -> dt.datetime:
    day = _days_ago(days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _entity_uid(result: Any) -> str:
    """The operation entity's uid in a share's change (home) or proposal (elsewhere)."""
    return str(result.body["uid"])


def _share_person(user: User, op: Operation, spec: DemoPerson, shared: Shared) -> None:
    draft = PersonDraft(
        markings=_markings(),
        names=[
            NameDraft(name, language="ar" if detect_script(name) == "Arab" else "")
            for name in spec.names
        ],
        gender="male",
        birth_dates=[spec.born],
        nationalities=[spec.nationality],
        identifiers=(
            [IdentifierDraft("phone", spec.phone, country=spec.nationality)] if spec.phone else []
        ),
    )
    person = entities.create_person(draft, acting_user=user)
    shared.uids[spec.key] = _entity_uid(
        actions.share_entity(user, op, kind="person", record=person.uid)
    )
    if spec.phone:
        phone = records.records_of(user, "phone").get(person=person)
        shared.uids[f"phone:{spec.key}"] = _entity_uid(
            actions.share_entity(user, op, kind="phone", record=phone.uid)
        )


def _share_record(
    user: User, op: Operation, kind: str, fields: dict[str, Any], key: str, shared: Shared
) -> None:
    row = entities.create_record(kind, fields, _markings(), acting_user=user)
    shared.uids[key] = _entity_uid(actions.share_entity(user, op, kind=kind, record=row.uid))


def _relate(user: User, op: Operation, shared: Shared, rows: tuple[tuple[str, ...], ...]) -> None:
    for n, (source, kind, target, source_text, evaluation) in enumerate(rows):
        actions.add_relation(
            user,
            op,
            source=shared.uids[source],
            target=shared.uids[target],
            kind=kind,
            source_text=source_text,
            evaluation=evaluation,
            observed_on=_days_ago(70 - 4 * n),
        )


def _add_member(lead: User, op: Operation, agency: str, username: str, name: str) -> None:
    """A member of any node's agency, as the lead adds them (by username on their node)."""
    body = {"agency": agency, "username": username, "name": name}
    sharing.propose(lead, op.obj, registry.ADD_MEMBER, body)


def _existing(code_name: str) -> Operation | None:
    return Operation.objects.filter(code_name=code_name).select_related("obj").first()


def _azahar() -> str:
    if _existing(AZAHAR) is not None:
        return f"{AZAHAR}: already there"
    analyst, dgsn_analyst, officer = (
        _user("dgst.analyst"),
        _user("dgsn.analyst"),
        _user("dgsn.officer"),
    )
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=["ma-dgsn", "es-pn-cgi", "pt-psp"])
    }
    op = actions.create_operation(
        analyst,
        code_name=AZAHAR,
        crime_area="terrorism",
        legal_basis="Morocco-Spain agreement on police cooperation; joint investigation agreed "
        "by the two services (synthetic demo)",
        purpose="Identify and dismantle a cell recruiting fighters on both shores of the Strait",
        ceiling="H2",
        participants=[
            (agencies["ma-dgsn"], "participant"),
            (agencies["es-pn-cgi"], "participant"),
            (agencies["pt-psp"], "observer"),
        ],
        status="active",
        starts_on=_days_ago(75),
    )
    actions.add_member(analyst, op, dgsn_analyst)
    actions.add_member(analyst, op, officer)
    _add_member(analyst, op, "es-pn-cgi", "cgi.analyst", "Lucía Navarro Gil")
    _add_member(analyst, op, "pt-psp", "psp.analyst", "Inês Carvalho Sousa")

    shared = Shared()
    for spec in DGST_PERSONS:
        _share_person(analyst, op, spec, shared)
    cell = {"name": "Azahar cell", "aliases": ["خلية أزهار", "Célula Azahar"], "country": "MA"}
    _share_record(analyst, op, "organisation", cell, "cell", shared)
    for spec in DGSN_PERSONS:
        _share_person(dgsn_analyst, op, spec, shared)
    boat = {"name": "Sirocco 7 (go-fast)", "registration": "TNG-4-117", "flag": "MA"}
    _share_record(dgsn_analyst, op, "vessel", boat, "boat", shared)
    _relate(analyst, op, shared, AZAHAR_RELATIONS)

    timeline = (
        (
            "surveillance",
            68,
            18,
            "Meeting of the leader with both recruiters in Tétouan",
            ["leader", "recruiter_1", "recruiter_2"],
        ),
        (
            "meeting",
            55,
            21,
            "Recruiters meet two young men at a café in Tangier",
            ["recruiter_1", "recruit_1"],
        ),
        (
            "movement",
            30,
            3,
            "Go-fast leaves a beach east of Ksar Sghir at night",
            ["skipper", "boat"],
        ),
        (
            "movement",
            29,
            5,
            "The facilitator crosses to Algeciras with a recruit",
            ["facilitator", "recruit_2"],
        ),
        (
            "arrest",
            10,
            6,
            "Action day: simultaneous arrests in Tangier, Tétouan and Fnideq",
            ["leader", "recruiter_1", "recruiter_2", "recruit_3"],
        ),
    )
    for kind, days, hour, text, keys in timeline:
        actions.add_timeline(
            analyst,
            op,
            kind=kind,
            at=_at(days, hour),
            text=text,
            entities=[shared.uids[k] for k in keys],
        )
    actions.add_task(
        analyst,
        op,
        title="Financial profile of the financier",
        owner_agency="ma-dgst",
        owner_username="dgst.analyst",
        due_on=_days_ago(20),
    )
    actions.add_task(
        analyst,
        op,
        title="Identify where the go-fast lands on the Spanish coast",
        owner_agency="es-pn-cgi",
        owner_username="cgi.analyst",
        due_on=_days_ago(-14),
    )
    actions.add_task(
        analyst,
        op,
        title="Port checks on the go-fast's crew at Tanger Med",
        owner_agency="ma-dgsn",
        owner_username="dgsn.officer",
        due_on=_days_ago(-7),
    )
    actions.add_note(
        analyst,
        op,
        "Both services agree to keep the action day simultaneous on the two shores.",
    )
    actions.record_outcome(
        analyst,
        op,
        country="MA",
        kind="arrest",
        on=_days_ago(10),
        place="Tangier, Tétouan",
        count=4,
        crime_category="terrorism",
        nationality="MA",
    )
    actions.record_outcome(
        analyst,
        op,
        country="MA",
        kind="cell_dismantled",
        on=_days_ago(10),
        place="Tangier",
        count=1,
        crime_category="terrorism",
    )
    actions.record_outcome(
        dgsn_analyst,
        op,
        country="MA",
        kind="arrest",
        on=_days_ago(10),
        place="Fnideq",
        count=1,
        crime_category="terrorism",
        nationality="MA",
    )
    actions.record_outcome(
        dgsn_analyst,
        op,
        country="MA",
        kind="seizure",
        on=_days_ago(10),
        place="Ksar Sghir",
        seizure_type="vessel",
        quantity=1,
        crime_category="terrorism",
    )
    return f"{AZAHAR}: created, {len(shared.uids)} entities, {len(AZAHAR_RELATIONS)} relations"


def _noctua() -> str:
    if _existing(NOCTUA) is not None:
        return f"{NOCTUA}: already there"
    analyst, gc = _user("dgsn.analyst"), Agency.objects.get(code="es-gc")
    op = actions.create_operation(
        analyst,
        code_name=NOCTUA,
        crime_area="drugs",
        legal_basis="Morocco-Spain agreement on police cooperation (synthetic demo)",
        purpose="Stop the night flights carrying cannabis resin across the Strait",
        ceiling="H1",
        participants=[(gc, "participant")],
        status="active",
        starts_on=_days_ago(420),
        ends_on=_days_ago(300),
    )
    _add_member(analyst, op, "es-gc", "gc.officer", "Javier Romero Ortega")
    shared = Shared()
    for spec in NOCTUA_PERSONS:
        _share_person(analyst, op, spec, shared)
    plane = {"value": "EC-ZQX", "aircraft_type": "Light aircraft, single engine, four seats"}
    _share_record(analyst, op, "aircraft", plane, "plane", shared)
    relations = (
        ("organiser", "finances", "pilot", "Bank transfers", "B2"),
        ("pilot", "uses_vehicle", "plane", "Airfield records", "A1"),
        ("ground", "travels_with", "pilot", "Surveillance, DGSN", "B2"),
        ("organiser", "leads", "ground", "Informant, DGSN", "C3"),
    )
    _relate(analyst, op, shared, relations)
    actions.add_timeline(
        analyst,
        op,
        kind="movement",
        at=_at(305, 2),
        text="Light aircraft lands on a dirt strip near Larache without lights",
        entities=[shared.uids["pilot"], shared.uids["plane"]],
    )
    actions.add_timeline(
        analyst,
        op,
        kind="arrest",
        at=_at(304, 4),
        text="Pilot and ground crew arrested while loading the bales",
        entities=[shared.uids["pilot"], shared.uids["ground"]],
    )
    outcomes: tuple[dict[str, Any], ...] = (
        {"kind": "arrest", "count": 3, "nationality": "MA", "place": "Larache"},
        {
            "kind": "seizure",
            "seizure_type": "drug",
            "drug_type": "cannabis_resin",
            "kilograms": "1260.500",
            "place": "Larache",
        },
        {"kind": "seizure", "seizure_type": "aircraft", "quantity": 1, "place": "Larache"},
        {"kind": "cell_dismantled", "count": 1, "place": "Larache"},
    )
    for figures in outcomes:
        actions.record_outcome(
            analyst, op, country="MA", on=_days_ago(304), crime_category="drugs", **figures
        )
    actions.update_operation(
        analyst,
        op,
        status="closed",
        purpose=op.purpose,
        starts_on=_days_ago(420),
        ends_on=_days_ago(300),
    )
    return f"{NOCTUA}: created and closed, {len(shared.uids)} entities"


def _wait_for(check: Any, timeout: float = WAIT) -> Any:
    """Poll ``check`` (a read) until it answers something true, or give up with None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    return None


def _azahar_partners() -> str:
    """On es: the CGI's part of AZAHAR, proposed to the home once its copy is here."""
    analyst = _user("cgi.analyst")
    op = _wait_for(lambda: _existing_for(analyst))
    if op is None:
        return f"{AZAHAR}: no copy from ma within {WAIT:.0f}s; the CGI's part was not added"
    if Proposal.objects.filter(obj=op.obj, by_user=analyst).exists():
        return f"{AZAHAR}: the CGI's part is there already"
    shared = Shared(_home_uids(op))
    for spec in CGI_PERSONS:
        _share_person(analyst, op, spec, shared)

    def confirmed() -> bool:
        return not Proposal.objects.filter(
            obj=op.obj, by_user=analyst, status=ProposalStatus.PENDING
        ).exists()

    if not _wait_for(confirmed):
        return f"{AZAHAR}: the CGI's records were not confirmed by ma within {WAIT:.0f}s"
    _relate(analyst, op, shared, CGI_RELATIONS)
    actions.add_timeline(
        analyst,
        op,
        kind="arrest",
        at=_at(10, 6),
        text="Action day in Spain: two recruits arrested in Ceuta and Algeciras",
        entities=[shared.uids["recruit_es_1"], shared.uids["recruit_es_2"]],
    )
    actions.record_outcome(
        analyst,
        op,
        country="ES",
        kind="arrest",
        on=_days_ago(10),
        place="Ceuta, Algeciras",
        count=3,
        crime_category="terrorism",
        nationality="MA",
    )
    actions.record_outcome(
        analyst,
        op,
        country="ES",
        kind="seizure",
        on=_days_ago(10),
        place="Ceuta",
        seizure_type="cash",
        amount_eur="18500.00",
        crime_category="terrorism",
    )
    return f"{AZAHAR}: the CGI's persons, relations and outcomes proposed to ma"


def _existing_for(user: User) -> Operation | None:
    """AZAHAR once its copy here shows the user as a member (the lead added them)."""
    op = _existing(AZAHAR)
    if op is None or not shared_objects.is_visible(user, op.obj):
        return None
    return op


def _home_uids(op: Operation) -> dict[str, str]:
    """The uids of the entities the home shared, by the keys above (found by their labels)."""
    labels = {spec.names[0]: spec.key for spec in (*DGST_PERSONS, *DGSN_PERSONS)}
    labels["Azahar cell"] = "cell"
    return {labels[e.label]: str(e.uid) for e in op.entities.all() if e.label in labels}


def seed_demo_operations(node_code: str | None = None) -> list[str]:
    """This node's part of the demo operations; what it did, a line each. The nodes must be
    peers first: the home sends every change to the participants' nodes."""
    node_code = node_code or settings.NODE.code
    if node_code == "ma":
        return [_azahar(), _noctua()]
    if node_code == "es":
        return [_azahar_partners()]
    return []
