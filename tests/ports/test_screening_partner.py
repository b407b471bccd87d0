"""The partner step of a manifest's screening: every row asked as a hit/no-hit check on the
centre's channel, each waiting until the partner's answer fills it in (hit or no hit and a
reference, nothing more); a centre without a channel says the partner was not asked; erasure
takes the asking side's batch checks with the sailing. An item the partner refused ends as not
answered, with its reason (the pending findings commit with the batch's envelopes:
test_screening_race.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.checks.batch import ItemAnswer
from strait.checks.models import Check, CheckBatch
from strait.ports import screening
from strait.ports.manifest_models import Finding, Sailing
from tests.checks.conftest import World, deliver
from tests.checks.conftest import world as world  # the fixture
from tests.factories import AgencyFactory
from tests.federation.conftest import remote  # noqa: F401  (fixture)
from tests.ports.manifest_scene import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inline(settings: Any) -> None:
    settings.PORTS_SCREENING_INLINE = True


def upload(world: World, centre: Any, user: User | None = None) -> Sailing:
    return screening.upload(
        user or world.officer,
        centre=centre,
        vessel="Ciudad de Ceuta",
        rotation="R-0815",
        departs_at=timezone.now() + dt.timedelta(hours=2),
        from_port="ESALG",
        to_port="MAPTM",
        rows=[
            {"name": "Abdelatif El Khattabi", "birth_date": "1980-03-12"},
            {"name": "Marta Ruiz Gómez", "plate": "1234 BCD"},
        ],
    )


def answer(
    world: World,
    sailing: Sailing,
    results: dict[str, str],
    reason: str = "",
    agency: Agency | None = None,
) -> str:
    checks = {
        c.batch_ref: c
        for c in Check.objects.filter(batch__uid=sailing.check_batch_uid).order_by("batch_ref")
    }
    body = {
        "batch": str(sailing.check_batch_uid),
        "agency": (agency or world.partner).code,
        "reason": reason,
        "answered_at": timezone.now().isoformat(),
        "items": [
            {"check": str(checks[ref].uid), "result": result, "reference": f"CK-{n:012X}"}
            for n, (ref, result) in enumerate(results.items())
        ],
    }
    return deliver(world, body, "checks.batch_answer")


def refs(sailing: Sailing) -> dict[str, str]:
    """The batch item reference of each traveller and vehicle, by name or plate."""
    out = {f"t{t.pk}": t.name for t in sailing.travellers.all()}
    out |= {f"v{v.pk}": v.plate for v in sailing.vehicles.all()}
    return {label: ref for ref, label in out.items()}


def test_every_row_is_asked_and_waits_for_the_partners_hit_or_no_hit(world: World) -> None:
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    assert sailing.status == Sailing.Status.DONE
    assert sailing.partner_asked == 3  # two travellers and a vehicle, one partner agency
    batch = CheckBatch.objects.get(uid=sailing.check_batch_uid)
    assert batch.erase_after == sailing.erase_after
    partner = Finding.objects.filter(sailing=sailing, source=Finding.Source.PARTNER)
    assert {f.result for f in partner} == {Finding.Result.PENDING}

    by_label = refs(sailing)
    outcome = answer(
        world,
        sailing,
        {by_label["Abdelatif El Khattabi"]: "hit", by_label["1234 BCD"]: "no_hit"},
    )
    assert outcome == "applied"
    sailing.refresh_from_db()
    assert (sailing.partner_answered, sailing.partner_hits, sailing.hits) == (2, 1, 1)
    hit = partner.get(result=Finding.Result.HIT)
    assert hit.traveller is not None
    assert hit.traveller.name == "Abdelatif El Khattabi"
    assert hit.reference == "CK-000000000000"
    assert partner.filter(result=Finding.Result.PENDING).count() == 1
    page = screening.results(sailing)
    assert [r["entry"].name for r in page["hits"]] == ["Abdelatif El Khattabi"]


def test_a_centre_without_a_channel_does_not_ask_the_partner(world: World) -> None:
    centre = make_centre(world.here, [world.partner])
    sailing = upload(world, centre)
    assert sailing.status == Sailing.Status.DONE
    assert sailing.check_batch_uid is None
    assert sailing.partner_note
    assert not CheckBatch.objects.exists()


def test_erasure_takes_the_batch_checks_without_a_hit_with_the_sailing(world: World) -> None:
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    by_label = refs(sailing)
    answer(world, sailing, {by_label["Marta Ruiz Gómez"]: "no_hit"})
    assert Check.objects.filter(batch__uid=sailing.check_batch_uid).count() == 3
    assert screening.erase_expired(now=sailing.erase_after + dt.timedelta(seconds=1)) == 1
    assert not Sailing.objects.exists()
    assert not CheckBatch.objects.exists()
    assert not Check.objects.exists()


def test_another_agencys_officer_cannot_screen_at_a_centre_it_is_not_part_of(
    world: World, make_user: Callable[..., User]
) -> None:
    centre = make_centre(world.partner, [world.here], channel=world.channel.code)
    from strait.permissions import Role

    outsider = make_user(agency=world.outsider, role=Role.OFFICER)
    with pytest.raises(screening.SailingRefused):
        upload(world, centre, user=outsider)


def test_the_counters_outlive_the_erased_manifest(world: World) -> None:
    from strait.ports import screening_counts

    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    by_label = refs(sailing)
    answer(world, sailing, {by_label["Abdelatif El Khattabi"]: "hit"})
    screening.erase_expired(now=sailing.erase_after + dt.timedelta(seconds=1))
    today = timezone.localdate()
    found = screening_counts.figures(centre, world.here.code, today, today)
    assert found == screening_counts.Figures(sailings=1, travellers=3, asked=3, answered=0, hits=1)
    other = make_centre(world.here, [world.partner], code="tanger-med")
    assert screening_counts.figures(other, world.here.code, today, today).sailings == 0
    yesterday = today - dt.timedelta(days=1)
    assert screening_counts.figures(centre, world.here.code, yesterday, yesterday).sailings == 0


def test_a_refused_item_ends_as_not_answered_with_its_reason_and_nothing_waits(
    world: World, verified_client: Callable[..., Client]
) -> None:
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    by_label = refs(sailing)
    # Over the partner's items per minute: every item of the envelope refused, one reason.
    refused = {by_label[label]: "refused" for label in ("Abdelatif El Khattabi", "1234 BCD")}
    assert answer(world, sailing, refused, reason="rate_limited") == "applied"
    answer(world, sailing, {by_label["Marta Ruiz Gómez"]: "no_hit"})
    sailing.refresh_from_db()
    assert (sailing.partner_asked, sailing.partner_answered, sailing.partner_hits) == (3, 3, 0)
    partner = Finding.objects.filter(sailing=sailing, source=Finding.Source.PARTNER)
    assert not partner.filter(result=Finding.Result.PENDING).exists()
    unanswered = partner.filter(result=Finding.Result.NOT_ANSWERED)
    assert {f.reason for f in unanswered} == {"rate_limited"}
    assert {f.label for f in unanswered} == {world.partner.code}
    page = screening.results(sailing)
    assert page["unanswered_count"] == 2
    assert not page["hits"]

    client = verified_client(world.officer)
    html = client.get(reverse("ports:sailing_progress", args=[sailing.uid])).content.decode()
    assert "every 1s" not in html  # nothing is awaited: the page stops asking
    assert "awaited" not in html
    assert html.count("Not answered: over the partner&#x27;s limit of checks per minute") == 2
    assert "rate_limited" in html


def test_a_hit_wins_over_another_agencys_refusal_and_nothing_counts_twice(world: World) -> None:
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    ref = refs(sailing)["Abdelatif El Khattabi"]
    check = Check.objects.get(batch__uid=sailing.check_batch_uid, batch_ref=ref)
    uid = sailing.check_batch_uid
    assert uid is not None

    def one(agency: str, result: str, reason: str = "") -> ItemAnswer:
        return ItemAnswer(ref, str(check.uid), agency, result, f"CK-{agency.upper()}", reason)

    screening.record_answers(uid, [one("ma-a", "refused", "rate_limited")])
    screening.record_answers(uid, [one("ma-b", "hit"), one("ma-c", "no_hit")])
    screening.record_answers(uid, [one("ma-c", "no_hit"), one("ma-a", "refused")])
    finding = Finding.objects.get(sailing=sailing, traveller__name="Abdelatif El Khattabi")
    assert (finding.result, finding.label, finding.reference, finding.reason) == (
        Finding.Result.HIT,
        "ma-b",
        "CK-MA-B",
        "",
    )
    sailing.refresh_from_db()
    # (Answers given here straight, not through the batch: partner_answered counts the batch's.)
    assert (sailing.partner_hits, sailing.hits) == (1, 1)


def test_with_two_partner_agencies_the_page_waits_for_the_last_answer_of_each_row(
    world: World, verified_client: Callable[..., Client]
) -> None:
    second = AgencyFactory(code="ma-second", abbreviation="MAS", node_code="ma")
    world.channel.agencies.add(second)
    centre = make_centre(world.here, [world.partner, second], channel=world.channel.code)
    sailing = upload(world, centre)
    assert sailing.partner_asked == 6  # three rows, two agencies asked
    by_label = refs(sailing)
    progress = reverse("ports:sailing_progress", args=[sailing.uid])
    client = verified_client(world.officer)

    answer(world, sailing, {ref: "no_hit" for ref in by_label.values()})
    sailing.refresh_from_db()
    assert sailing.partner_answered == 3
    assert "every 1s" in client.get(progress).content.decode()  # the second agency is awaited

    held = by_label["Abdelatif El Khattabi"]
    rest = {ref: "no_hit" for ref in by_label.values() if ref != held}
    assert answer(world, sailing, {held: "hit", **rest}, agency=second) == "applied"
    sailing.refresh_from_db()
    assert (sailing.partner_answered, sailing.partner_hits, sailing.hits) == (6, 1, 1)
    html = client.get(progress).content.decode()
    assert "every 1s" not in html
    finding = Finding.objects.get(
        sailing=sailing, source=Finding.Source.PARTNER, result=Finding.Result.HIT
    )
    assert finding.label == second.code
