"""Statistics of joint operations: the outcomes each agency recorded, totalled by period, crime
area, country and operation over the operations the user may see, and the seeds' question
answered in one sentence ("since August 2014, how many people were arrested on terrorism charges
in joint operations, and in how many operations?"); a CSV of the same figures that no
spreadsheet reads as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strait.accounts.models import User
from strait.operations import actions, statistics
from strait.operations.models import Operation
from strait.operations.statistics import Filters
from strait.permissions import Role
from tests.api_client import Api
from tests.factories import AgencyFactory, CountryFactory
from tests.factories.operations import add_members, make_operation
from tests.operations.conftest import World

pytestmark = pytest.mark.django_db

SINCE = dt.date(2014, 8, 1)


def _arrest(user: User, op: Operation, on: dt.date, count: int, **more: Any) -> None:
    values = {"kind": "arrest", "country": "MA", "on": on, "count": count} | more
    actions.record_outcome(user, op, **values)


@pytest.fixture
def recorded(world: World, make_user: Callable[..., User]) -> dict[str, Operation]:
    """The seeds' 2014: three joint operations against terrorism with arrests on both sides
    (32 since August), an earlier cell in March, a drugs operation with a terrorism arrest
    among its own, and seizures."""
    w = world
    cedar = w.op  # terrorism (the factory's default)
    second = make_operation(w.analyst, [(w.partner, "participant")], code_name="=HYPERLINK(1)")
    third = make_operation(w.analyst, [(w.partner, "participant")], code_name="Operation Oak")
    drugs = make_operation(
        w.analyst, [(w.partner, "participant")], code_name="Operation Kite", crime_area="drugs"
    )
    for op in (second, third, drugs):
        add_members(w.analyst, op, w.partner_analyst)
    _arrest(w.analyst, cedar, dt.date(2014, 3, 10), 9, crime_category="terrorism")  # before
    _arrest(w.analyst, cedar, dt.date(2014, 8, 14), 7, crime_category="terrorism")
    _arrest(w.partner_analyst, cedar, dt.date(2014, 8, 14), 5, country="ES")
    _arrest(w.analyst, second, dt.date(2014, 9, 2), 8)
    _arrest(w.partner_analyst, second, dt.date(2015, 1, 20), 4, country="ES")
    # A terrorism arrest in the drugs operation counts as terrorism (its own category).
    _arrest(
        w.partner_analyst, drugs, dt.date(2015, 2, 3), 8, country="ES", crime_category="terrorism"
    )
    # Drug arrests in the drugs operation: not terrorism.
    _arrest(w.analyst, drugs, dt.date(2015, 2, 3), 12)
    actions.record_outcome(
        w.partner_analyst,
        drugs,
        kind="seizure",
        country="ES",
        on=dt.date(2015, 2, 3),
        seizure_type="drug",
        drug_type="cannabis_resin",
        kilograms=Decimal("1250.5"),
    )
    actions.record_outcome(
        w.analyst,
        drugs,
        kind="seizure",
        country="MA",
        on=dt.date(2015, 2, 4),
        seizure_type="cash",
        amount_eur=Decimal("30000"),
    )
    # An operation of agencies the analyst's is not part of: never counted for them.
    other = AgencyFactory(code="dev-elsewhere", node_code=w.lead.node_code)
    stranger = make_user(agency=other, role=Role.ANALYST)
    hidden = make_operation(stranger, code_name="Hidden")
    _arrest(stranger, hidden, dt.date(2015, 5, 5), 100, crime_category="terrorism")
    return {"cedar": cedar, "second": second, "third": third, "drugs": drugs}


def test_the_seeds_question_is_answered_for_the_chosen_filters(
    world: World, recorded: dict[str, Operation]
) -> None:
    found = statistics.figures(
        world.analyst, Filters(kind="arrest", since=SINCE, crime_area="terrorism")
    )
    # 7 + 5 in Cedar, 8 + 4 in the second, 8 in Kite (terrorism charges): 32 in 3 operations.
    assert (found.total.number, found.total.operations) == (32, 3)
    with translation.override("en"):
        assert statistics.answer(found) == (
            "Since 1 Aug 2014, 32 people were arrested on charges of terrorism in joint "
            "operations, in 3 operations."
        )
    everything = statistics.figures(world.analyst, Filters(kind="arrest"))
    assert (everything.total.number, everything.total.operations) == (53, 3)
    with translation.override("en"):
        assert statistics.answer(everything).startswith(
            "Since the first recorded outcome, 53 people were arrested in joint operations"
        )


def test_totals_by_period_crime_area_country_and_operation(
    world: World, recorded: dict[str, Operation]
) -> None:
    found = statistics.figures(world.analyst, Filters(kind="arrest", since=SINCE))
    rows = {
        name: {r.key: (r.number, r.operations) for r in table} for name, _t, table in found.tables()
    }
    assert rows["period"] == {"2014": (20, 2), "2015": (24, 2)}
    assert rows["crime_area"] == {"terrorism": (32, 3), "drugs": (12, 1)}
    assert rows["country"] == {"MA": (27, 3), "ES": (17, 3)}
    ops = recorded
    assert rows["operation"] == {
        str(ops["cedar"].uid): (12, 1),
        str(ops["second"].uid): (12, 1),
        str(ops["drugs"].uid): (20, 1),
    }
    assert [r.label for r in found.by_country] == ["Morocco", "Spain"]
    monthly = statistics.figures(world.analyst, Filters(kind="arrest", since=SINCE, period="month"))
    assert [(r.key, r.number) for r in monthly.by_period] == [
        ("2014-08", 12),
        ("2014-09", 8),
        ("2015-01", 4),
        ("2015-02", 20),
    ]


def test_seizures_total_their_kilograms_and_cash(
    world: World, recorded: dict[str, Operation]
) -> None:
    found = statistics.figures(world.analyst, Filters(kind="seizure"))
    assert found.total.number == 2  # seizures recorded
    assert found.total.kilograms == Decimal("1250.5")
    assert found.total.amount_eur == Decimal("30000")
    with translation.override("en"):
        text = statistics.answer(found)
    assert text.startswith("Since the first recorded outcome, 2 seizures were made")
    assert "1,250.5 kg" in text
    assert "30,000 EUR" in text


def test_only_the_operations_the_user_may_see_count(
    world: World, recorded: dict[str, Operation], make_user: Callable[..., User]
) -> None:
    # The stranger's 100 arrests are in none of the analyst's totals…
    mine = statistics.figures(world.analyst, Filters(kind="arrest", crime_area="terrorism"))
    assert mine.total.number == 41
    # …and an analyst of an agency in no operation sees nothing at all.
    assert statistics.figures(world.outsider_analyst, Filters()).total.number == 0
    # The partner's analyst is a member of all four: the same figures as the lead's.
    theirs = statistics.figures(
        world.partner_analyst, Filters(kind="arrest", crime_area="terrorism")
    )
    assert theirs.total.number == 41


def test_the_page_answers_with_tables_and_chart_data(
    world: World, recorded: dict[str, Operation], verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    query = {"kind": "arrest", "since": "2014-08-01", "crime_area": "terrorism", "period": "year"}
    with translation.override("en"):
        response = client.get(reverse("operations:statistics"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "32 people were arrested on charges of terrorism" in html
    assert 'id="statistics-data" type="application/json"' in html
    charts = response.context["charts"]["charts"]
    assert [c["name"] for c in charts] == ["period", "crime_area", "country", "operation"]
    assert charts[0]["values"] == [20, 12]
    assert "=HYPERLINK(1)" in html  # the second operation's code name, in its table


def test_the_page_with_no_filters_totals_arrests_by_year(
    world: World, recorded: dict[str, Operation], verified_client: Callable[..., Client]
) -> None:
    response = verified_client(world.analyst).get(reverse("operations:statistics"))
    assert response.status_code == 200
    assert response.context["found"].filters == Filters()


def test_a_malformed_filter_is_a_form_error(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    response = client.get(reverse("operations:statistics"), {"since": "August", "kind": "arrest"})
    assert response.status_code == 400
    assert response.context["form"].errors["since"]
    assert client.get(reverse("operations:statistics_csv"), {"kind": "bogus"}).status_code == 400


def test_the_csv_holds_the_figures_and_no_formula(
    world: World, recorded: dict[str, Operation], verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    response = client.get(
        reverse("operations:statistics_csv"), {"kind": "arrest", "since": "2014-08-01"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="operations-statistics-'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by = {(r["table"], r["key"]): r for r in rows}
    assert by[("total", "")]["number"] == "44"
    assert by[("period", "2014")]["number"] == "20"
    assert by[("crime_area", "terrorism")]["operations"] == "3"
    # The participant's code name "=HYPERLINK(1)" would run as a formula in a spreadsheet.
    labels = [r["label"] for r in rows if r["table"] == "operation"]
    assert "'=HYPERLINK(1)" in labels
    assert not any(r["label"].startswith(("=", "+", "-", "@")) for r in rows)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+212600", "'+212600"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Operation Cedar", "Operation Cedar"),
        ("12", "12"),
    ],
)
def test_a_cell_read_as_a_formula_is_quoted(text: str, written: str) -> None:
    assert statistics._cell(text) == written


def test_an_area_name_comes_from_its_country_row(
    world: World, recorded: dict[str, Operation]
) -> None:
    CountryFactory(code="PT", name_en="Portugal")
    _arrest(world.analyst, recorded["third"], dt.date(2016, 1, 1), 2, country="PT")
    found = statistics.figures(world.analyst, Filters(kind="arrest", since=dt.date(2016, 1, 1)))
    assert [(r.key, r.label, r.number) for r in found.by_country] == [("PT", "Portugal", 2)]


def test_the_api_answers_the_same_figures(world: World, recorded: dict[str, Operation]) -> None:
    query = {"kind": "arrest", "since": "2014-08-01", "crime_area": "terrorism"}
    with translation.override("en"):
        answer = Api(world.analyst).get("/operations/statistics", **query)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["total"]["number"], body["total"]["operations"]) == (32, 3)
    assert body["answer"].startswith("Since 1 Aug 2014, 32 people were arrested")
    assert [(r["key"], r["number"]) for r in body["by_period"]] == [("2014", 20), ("2015", 12)]
    assert Api(world.outsider_analyst).get("/operations/statistics").json()["total"]["number"] == 0
    refused = Api(world.analyst).get("/operations/statistics", since="August")
    assert (refused.status_code, refused.json()["error"]) == (422, "invalid")
