"""Screening a manifest: own records (across scripts), active alerts with their required action,
hits first; what is not in use is not found; another agency's sailing is not found; erasure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts import actions as alert_actions
from strait.alerts import codes as alert_codes
from strait.alerts.models import Alert, AlertHit
from strait.audit.models import AuditEntry
from strait.permissions import Role
from strait.ports import screening
from strait.ports.manifest_models import Finding, Sailing, Traveller, VehicleEntry
from strait.ports.manifests import ManifestRefused
from tests.alerts.test_pages import submitted
from tests.factories.entities import PersonFactory, VehicleFactory
from tests.ports.manifest_scene import ManifestScene, make_manifest_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> ManifestScene:
    return make_manifest_scene(make_user, settings)


def upload(scene: ManifestScene, rows: list[dict[str, str]], user: User | None = None) -> Sailing:
    return screening.upload(
        user or scene.officer,
        centre=scene.centre,
        vessel="Ciudad de Ceuta",
        rotation="R-0815",
        departs_at=timezone.now() + dt.timedelta(hours=2),
        from_port="ESALG",
        to_port="MAPTM",
        rows=rows,
    )


def wanted_alert(scene: ManifestScene, name: str) -> Alert:
    person = PersonFactory(agency=scene.alerts.issuer, names=[(name, "Latn")])
    draft = submitted(
        scene.alerts,
        type="wanted",
        title=f"Wanted: {name}",
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={"warrant_ref": "TGR-2026-0042"},
    )
    return alert_actions.release(scene.alerts.supervisor, draft)


def test_a_latin_name_on_the_manifest_hits_an_arabic_record_of_the_agency(
    scene: ManifestScene,
) -> None:
    PersonFactory(
        agency=scene.alerts.addressee,
        names=[("عبد اللطيف الخطابي", "Arab")],
        birth_dates=["1980-03-12"],
    )
    sailing = upload(
        scene,
        [
            {"name": "Abdelatif El Khattabi", "birth_date": "1980-03-12"},
            {"name": "Marta Ruiz Gómez", "birth_date": "1991-07-02"},
        ],
    )
    assert sailing.status == Sailing.Status.DONE
    assert sailing.hits == 1
    found = Finding.objects.get(sailing=sailing)
    assert found.source == Finding.Source.OWN_RECORDS
    assert found.traveller is not None
    assert found.traveller.name == "Abdelatif El Khattabi"
    page = screening.results(sailing)
    assert [r["entry"].name for r in page["hits"]] == ["Abdelatif El Khattabi"]
    assert [r["entry"].name for r in page["rest"]] == ["Marta Ruiz Gómez"]


def test_another_agencys_record_is_not_a_hit(scene: ManifestScene) -> None:
    PersonFactory(agency=scene.alerts.lonely, names=[("Abdelatif El Khattabi", "Latn")])
    sailing = upload(scene, [{"name": "Abdelatif El Khattabi", "birth_date": "1980-03-12"}])
    assert sailing.hits == 0
    assert not Finding.objects.filter(sailing=sailing).exists()


def test_a_record_past_its_review_date_is_not_a_hit(scene: ManifestScene) -> None:
    PersonFactory(
        agency=scene.alerts.addressee,
        names=[("Abdelatif El Khattabi", "Latn")],
        review_date=timezone.localdate() - dt.timedelta(days=1),
    )
    VehicleFactory(
        agency=scene.alerts.addressee,
        value="1234-BCD",
        retention_date=timezone.localdate() - dt.timedelta(days=1),
    )
    sailing = upload(
        scene, [{"name": "Abdelatif El Khattabi", "birth_date": "1980-03-12", "plate": "1234 BCD"}]
    )
    assert sailing.hits == 0


def test_a_plate_and_a_document_of_the_agency_are_hits(scene: ManifestScene) -> None:
    VehicleFactory(agency=scene.alerts.addressee, value="1234-BCD")
    sailing = upload(scene, [{"name": "Marta Ruiz", "plate": "1234 bcd", "plate_country": "ES"}])
    found = Finding.objects.get(sailing=sailing)
    assert found.vehicle is not None
    assert found.vehicle.plate == "1234 bcd"
    assert found.reference.startswith("vehicle:")


def test_an_active_alert_is_a_hit_first_with_its_required_action(scene: ManifestScene) -> None:
    PersonFactory(agency=scene.alerts.addressee, names=[("Marta Ruiz Gómez", "Latn")])
    alert = wanted_alert(scene, "Youssef Idrissi")
    sailing = upload(
        scene,
        [
            {"name": "Marta Ruiz Gómez", "birth_date": "1980-03-12"},
            {"name": "Youssef Idrissi"},
        ],
    )
    page = screening.results(sailing)
    first = page["hits"][0]
    assert first["entry"].name == "Youssef Idrissi"
    hit = first["hits"][0]
    assert hit.source == Finding.Source.ALERT
    assert hit.alert_uid == alert.uid
    assert str(hit.required_action) == str(alert_codes.REQUIRED_ACTION["wanted"])
    assert [r["entry"].name for r in page["hits"]] == ["Youssef Idrissi", "Marta Ruiz Gómez"]
    # The agency's users are told, as of any check that meets an alert.
    assert AlertHit.objects.filter(alert=alert, agency=scene.alerts.addressee).exists()


def test_a_withdrawn_alert_finds_nothing(scene: ManifestScene) -> None:
    alert = wanted_alert(scene, "Youssef Idrissi")
    Alert.objects.filter(pk=alert.pk).update(status=alert_codes.Status.WITHDRAWN)
    sailing = upload(scene, [{"name": "Youssef Idrissi"}])
    assert sailing.hits == 0


def test_a_broken_row_refuses_the_whole_manifest_and_stores_nothing(
    scene: ManifestScene,
) -> None:
    with pytest.raises(ManifestRefused) as refused:
        upload(
            scene,
            [
                {"name": "Marta Ruiz"},
                {"name": "", "birth_date": "1980-01-01"},
                {"name": "Ali Benali", "birth_date": "1980-02-31"},
            ],
        )
    assert [r["row"] for r in refused.value.rows] == [2, 3]
    assert not Sailing.objects.exists()
    assert not Traveller.objects.exists()


def test_a_manifest_past_the_row_limit_is_refused_whole(
    scene: ManifestScene, settings: Any
) -> None:
    settings.PORTS_MANIFEST_MAX_ROWS = 10
    with pytest.raises(ManifestRefused) as refused:
        upload(scene, [{"name": f"Traveller {n}"} for n in range(11)])
    assert refused.value.rows[0]["row"] == 0
    assert not Sailing.objects.exists()


def test_only_a_screening_role_uploads(
    scene: ManifestScene, make_user: Callable[..., User]
) -> None:
    from strait.refusals import NotPermitted

    chair = make_user(agency=scene.alerts.addressee, role=Role.CHAIR)
    with pytest.raises(NotPermitted):
        upload(scene, [{"name": "Marta Ruiz"}], user=chair)


def test_an_agency_outside_the_centre_cannot_upload_there(scene: ManifestScene) -> None:
    with pytest.raises(screening.SailingRefused):
        upload(scene, [{"name": "Marta Ruiz"}], user=scene.alerts.lonely_supervisor)


def test_another_agencys_sailing_is_not_found(scene: ManifestScene) -> None:
    sailing = upload(scene, [{"name": "Marta Ruiz"}])
    assert screening.sailing_for(scene.officer, sailing.uid) == sailing
    with pytest.raises(Http404):
        screening.sailing_for(scene.alerts.author, sailing.uid)  # DGSN, the centre's guest


def test_manifests_are_erased_after_the_centres_rule_and_the_audit_says_how_many(
    scene: ManifestScene,
) -> None:
    VehicleFactory(agency=scene.alerts.addressee, value="1234-BCD")
    old = upload(scene, [{"name": "Marta Ruiz", "plate": "1234 BCD"}, {"name": "Ali Benali"}])
    fresh = upload(scene, [{"name": "Pedro Sánchez"}])
    assert old.erase_after == old.uploaded_at + dt.timedelta(hours=48)
    assert Finding.objects.filter(sailing=old).exists()
    erased = screening.erase_expired(now=old.erase_after + dt.timedelta(seconds=1))
    assert erased == 2  # both were uploaded within the same second, both past 48 h
    assert not Sailing.objects.exists()
    assert not Traveller.objects.exists()
    assert not VehicleEntry.objects.exists()
    assert not Finding.objects.exists()
    entry = AuditEntry.objects.filter(action="ports.manifests_erased").get()
    assert entry.details == {"sailings": 2, "travellers": 3}
    assert "Marta" not in str(entry.details)
    del fresh


def test_a_sailing_before_its_erase_after_is_kept(scene: ManifestScene) -> None:
    sailing = upload(scene, [{"name": "Marta Ruiz"}])
    assert screening.erase_expired(now=sailing.erase_after - dt.timedelta(minutes=1)) == 0
    assert Traveller.objects.filter(sailing=sailing).count() == 1
    assert not AuditEntry.objects.filter(action="ports.manifests_erased").exists()


def test_the_worker_erases_manifests_every_few_minutes(scene: ManifestScene) -> None:
    from strait.ports import tasks
    from strait.worker import registry

    task = next(t for t in registry.all() if t.name == "ports.erase_manifests")
    assert task.every <= dt.timedelta(minutes=15)
    sailing = upload(scene, [{"name": "Marta Ruiz"}])
    assert tasks.erase_manifests() == 0
    Sailing.objects.filter(pk=sailing.pk).update(erase_after=timezone.now())
    assert tasks.erase_manifests() == 1
    assert not Traveller.objects.exists()
