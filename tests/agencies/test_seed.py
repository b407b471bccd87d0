"""Reference data: the agencies of DESIGN §1, seeded idempotently."""

from __future__ import annotations

import pytest

from strait.agencies.models import Agency, Country, Unit
from strait.agencies.seed import AGENCIES, COUNTRIES, seed_reference_data

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Country.objects.count(), Agency.objects.count(), Unit.objects.count()


def test_seed_is_idempotent() -> None:
    first = seed_reference_data()
    after_first = counts()
    second = seed_reference_data()

    assert counts() == after_first
    assert first == second
    assert after_first == (first.countries, first.agencies, first.units)


def test_seed_restores_edited_names_without_duplicating() -> None:
    seed_reference_data()
    Agency.objects.filter(code="ma-dgst").update(name_en="typo")
    before = counts()

    seed_reference_data()

    assert counts() == before
    assert Agency.objects.get(code="ma-dgst").name_en == (
        "General Directorate for Territorial Surveillance"
    )


def test_seed_has_the_partner_countries_and_agencies_on_their_nodes() -> None:
    seed_reference_data()

    assert set(Country.objects.values_list("code", flat=True)) >= {"MA", "ES", "DE", "PT"}
    moroccan = set(Agency.objects.filter(country__code="MA").values_list("code", "node_code"))
    assert moroccan == {
        ("ma-dgsn", "ma"),
        ("ma-dgst", "ma"),
        ("ma-interior", "ma"),
        ("ma-ncb-rabat", "ma"),
    }
    spanish = Agency.objects.filter(country__code="ES")
    assert set(spanish.values_list("node_code", flat=True)) == {"es"}
    assert {a.code for a in Agency.objects.get(code="es-pn").children.all()} == {
        "es-pn-cgi",
        "es-pn-cgpj",
        "es-pn-cgef",
    }
    assert Agency.objects.get(code="es-pn-cgi").name_es == "Comisaría General de Información"
    assert Agency.objects.get(code="ma-dgst").name_ar == "المديرية العامة لمراقبة التراب الوطني"
    assert Unit.objects.filter(agency__code="es-gc", code="algeciras-port").exists()
    assert Unit.objects.filter(agency__code="ma-dgsn", code="tanger-med-port").exists()
    portuguese = set(Agency.objects.filter(country__code="PT").values_list("code", "node_code"))
    assert portuguese == {("pt-psp", "pt"), ("pt-pj", "pt")}
    assert Agency.objects.get(code="pt-psp").time_zone == "Europe/Lisbon"


def test_every_seeded_name_is_given_in_all_four_languages() -> None:
    names = [*COUNTRIES.values(), *(a.names for a in AGENCIES)]
    names += [n for a in AGENCIES for n in a.units.values()]
    for name in names:
        assert all(name.fields().values()), name
        # Arabic names are written in Arabic script, not transliterated.
        assert any("\u0600" <= ch <= "\u06ff" for ch in name.ar), name


def test_seed_works_next_to_existing_data() -> None:
    # A node that already has an agency of its own keeps it; the seed only adds and updates.
    from tests.factories import AgencyFactory

    AgencyFactory(code="ma-local")
    seed_reference_data()
    assert Agency.objects.filter(code="ma-local").exists()
