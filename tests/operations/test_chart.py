"""The link chart: its data (chart.json) is the operation's entities and relations, names in
their own script, Arabic marked right to left; the page and its data are the members' only; the
page runs only our own static scripts (the CSP has no unsafe-inline) and WhiteNoise serves the
vendored libraries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.operations import actions, chart
from strait.operations.models import OperationEntity
from tests.api_client import Api
from tests.operations.conftest import World, person, phone

pytestmark = pytest.mark.django_db


def _shared(world: World) -> tuple[OperationEntity, OperationEntity, OperationEntity]:
    youssef = person(world.lead, "يوسف الإدريسي", "Arab")
    karim = person(world.partner, "Karim Benali")
    line = phone(world.lead, "+212600112233")
    actions.share_entity(world.analyst, world.op, kind="person", record=youssef.uid)
    actions.share_entity(world.partner_analyst, world.op, kind="person", record=karim.uid)
    actions.share_entity(world.analyst, world.op, kind="phone", record=line.uid)
    by_ref = {e.source_ref: e for e in OperationEntity.objects.all()}
    return by_ref[str(youssef.uid)], by_ref[str(karim.uid)], by_ref[str(line.uid)]


def test_the_chart_holds_every_entity_and_relation_names_as_written(world: World) -> None:
    youssef, karim, line = _shared(world)
    actions.add_relation(
        world.analyst,
        world.op,
        source=youssef.uid,
        target=karim.uid,
        kind="recruits",
        observed_on=dt.date(2014, 6, 1),
    )
    actions.add_relation(
        world.partner_analyst, world.op, source=karim.uid, target=line.uid, kind="calls"
    )
    with translation.override("es"):
        data = chart.chart(world.op)

    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[str(youssef.uid)] == {
        "id": str(youssef.uid),
        "label": "يوسف الإدريسي",
        "kind": "person",
        "rtl": True,
        "owner": "dev-dgst",
        "handling": youssef.handling,
    }
    assert nodes[str(karim.uid)]["label"] == "Karim Benali"
    assert nodes[str(karim.uid)]["rtl"] is False
    assert nodes[str(karim.uid)]["owner"] == "dev-cgi"
    assert nodes[str(line.uid)]["kind"] == "phone"

    edges = sorted(data["edges"], key=lambda e: e["kind"])
    assert [(e["source"], e["target"], e["kind"], e["on"]) for e in edges] == [
        (str(karim.uid), str(line.uid), "calls", None),
        (str(youssef.uid), str(karim.uid), "recruits", "2014-06-01"),
    ]
    # The relation kinds in the reader's language, every one of them, for the filters.
    assert set(data["kinds"]) == {
        "member_of",
        "leads",
        "calls",
        "travels_with",
        "uses_vehicle",
        "owns",
        "finances",
        "recruits",
    }
    assert edges[1]["label"] == data["kinds"]["recruits"]


def test_a_withdrawn_entity_leaves_the_chart_with_its_relations(world: World) -> None:
    youssef, karim, _line = _shared(world)
    actions.add_relation(
        world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="leads"
    )
    actions.withdraw_entity(world.partner_analyst, world.op, karim.uid)
    data = chart.chart(world.op)
    assert str(karim.uid) not in {n["id"] for n in data["nodes"]}
    assert data["edges"] == []


def _client(verified_client: Callable[..., Client], user: User) -> Client:
    return verified_client(user)


def test_members_read_the_chart_and_its_data(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _shared(world)
    for user in (world.analyst, world.partner_analyst, world.observer_officer):
        client = _client(verified_client, user)
        data = client.get(reverse("operations:chart_json", args=[world.op.uid]))
        assert data.status_code == 200, user
        assert data["Content-Type"] == "application/json"
        assert len(data.json()["nodes"]) == 3
        page = client.get(reverse("operations:chart", args=[world.op.uid]))
        assert page.status_code == 200
        assert page.context["src"] == reverse("operations:chart_json", args=[world.op.uid])


def test_the_chart_of_another_agencys_operation_is_not_found(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _shared(world)
    for user in (world.outsider_analyst, world.officer):  # another agency; not a member
        client = _client(verified_client, user)
        for name in ("operations:chart", "operations:chart_json"):
            assert client.get(reverse(name, args=[world.op.uid])).status_code == 404, (user, name)


def test_a_removed_member_finds_the_chart_gone(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = _client(verified_client, world.partner_analyst)
    url = reverse("operations:chart_json", args=[world.op.uid])
    assert client.get(url).status_code == 200
    actions.remove_member(world.analyst, world.op, world.partner, world.partner_analyst.username)
    assert client.get(url).status_code == 404


def test_the_page_runs_only_static_scripts_and_hands_its_words_as_json(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = _client(verified_client, world.analyst)
    with translation.override("ar"):
        html = client.get(
            reverse("operations:chart", args=[world.op.uid]), HTTP_ACCEPT_LANGUAGE="ar"
        ).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    # Every script is a file of ours, or the json_script data block (not executed).
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    for path in ("operations/vendor/cytoscape.min.js", "operations/linkchart.js"):
        assert f'src="{static(path)}"' in html
    # Cytoscape inserts an inline <style> unless an element with this id exists.
    assert 'id="__________cytoscape_stylesheet"' in html
    assert 'id="linkchart-text"' in html
    # One swatch per entity kind, one checkbox per relation kind.
    assert html.count('class="swatch kind-') == 7
    assert html.count('name="relation"') == 8


@pytest.mark.parametrize(
    "path",
    [
        "operations/vendor/cytoscape.min.js",
        "operations/vendor/chart.umd.min.js",
        "operations/linkchart.js",
        "operations/statistics.js",
        "operations/charts.css",
    ],
)
def test_the_static_files_are_served_from_our_own_origin(client: Client, path: str) -> None:
    assert finders.find(path), path
    response = client.get(static(path))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_vendored_libraries_name_no_missing_source_map() -> None:
    # The production storage (WhiteNoise's manifest) refuses a reference to a missing file.
    for path in ("operations/vendor/cytoscape.min.js", "operations/vendor/chart.umd.min.js"):
        found = finders.find(path)
        assert isinstance(found, str)
        with open(found, encoding="utf-8") as text:
            assert "sourceMappingURL" not in text.read(), path


def test_the_api_answers_the_chart_to_members_only(world: World) -> None:
    youssef, karim, _line = _shared(world)
    actions.add_relation(
        world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="recruits"
    )
    url = f"/operations/{world.op.uid}/chart"
    answer = Api(world.partner_analyst).get(url)
    assert answer.status_code == 200
    body = answer.json()
    assert {n["label"] for n in body["nodes"]} == {"يوسف الإدريسي", "Karim Benali", "+212600112233"}
    assert [(e["source"], e["target"], e["kind"]) for e in body["edges"]] == [
        (str(youssef.uid), str(karim.uid), "recruits")
    ]
    assert Api(world.outsider_analyst).get(url).json()["error"] == "not_found"
    assert Api(world.officer).get(url).status_code == 404


def test_reading_the_charts_data_is_an_audited_consultation(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _shared(world)
    target = f"operation:{world.op.uid}"

    def consulted() -> list[str]:
        rows = AuditEntry.objects.filter(action=AuditAction.OPERATION_CONSULTED, target=target)
        return [row.details.get("section", "") for row in rows.order_by("id")]

    before = consulted()
    client = _client(verified_client, world.partner_analyst)
    assert client.get(reverse("operations:chart_json", args=[world.op.uid])).status_code == 200
    assert Api(world.partner_analyst).get(f"/operations/{world.op.uid}/chart").status_code == 200
    assert consulted() == [*before, "chart", "chart"]
    # Nobody else's read is recorded: another agency's request finds nothing and leaves nothing.
    assert Api(world.outsider_analyst).get(f"/operations/{world.op.uid}/chart").status_code == 404
    assert consulted() == [*before, "chart", "chart"]
