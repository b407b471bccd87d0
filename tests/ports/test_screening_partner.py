"""The partner step of a manifest's screening: every row asked as a hit/no-hit check on the
centre's channel, each waiting until the partner's answer fills it in (hit or no hit and a
reference, nothing more); a centre without a channel says the partner was not asked; erasure
takes the asking side's batch checks with the sailing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.checks.models import Check, CheckBatch
from strait.ports import screening
from strait.ports.manifest_models import Finding, Sailing
from tests.checks.conftest import World, deliver
from tests.checks.conftest import world as world  # the fixture
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


def answer(world: World, sailing: Sailing, results: dict[str, str]) -> str:
    checks = {
        c.batch_ref: c
        for c in Check.objects.filter(batch__uid=sailing.check_batch_uid).order_by("batch_ref")
    }
    body = {
        "batch": str(sailing.check_batch_uid),
        "agency": world.partner.code,
        "reason": "",
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
