"""The transit pages: the dashboard (the day, the phases, the season against the plan and the
earlier years, peaks marked), the entry form and the CSV import (bad input: a clear error,
400, nothing written), the exports (CSV with formula cells quoted, PDF in ar/es/fr, audited),
and what an agency taking no part sees (nothing; a 404 for a year)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.transit import actions
from strait.transit.models import DailyFigure
from tests.conftest import login_verified
from tests.factories import DailyFigureFactory, make_operation
from tests.transit.conftest import World, row

pytestmark = pytest.mark.django_db


def _chart(page: object) -> dict[str, object]:
    html = page.content.decode()  # type: ignore[attr-defined]
    start = html.index('id="transit-data"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)  # type: ignore[no-any-return]


def _season(world: World) -> None:
    """Twenty days of Tanger Med toward Morocco, the 10th the busiest."""
    for n in range(20):
        day = dt.date(2025, 6, 15) + dt.timedelta(days=n)
        DailyFigureFactory(
            operation=world.operation, day=day, passengers=90_000 if n == 9 else 10_000 + n
        )


@time_machine.travel(dt.datetime(2025, 7, 4, 12, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_shows_the_day_the_season_and_the_peaks(client: Client, world: World) -> None:
    _season(world)
    login_verified(client, world.es_officer)
    page = client.get("/transit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Transit operation 2025" in html
    assert "Departure phase" in html  # 4 July: the departure phase only
    # The season to the day (20 days: 19 days of about 10,000 and one peak of 90,000) …
    season = 90_000 + sum(10_000 + n for n in range(20) if n != 9)
    assert f"{season}" in html.replace(",", "").replace("\u202f", "").replace("\xa0", "")
    # … against the public totals of earlier years, the plan to the same day.
    assert "3220000" in html.replace(",", "").replace("\u202f", "").replace("\xa0", "")
    chart = _chart(page)
    assert chart["peaks"][9] is True  # type: ignore[index]
    assert sum(chart["peaks"]) == 5  # type: ignore[arg-type]
    assert '<li class="peak"><strong>' in html


@time_machine.travel(dt.datetime(2025, 7, 4, 12, tzinfo=dt.UTC), tick=False)
def test_earlier_years_with_daily_figures_are_compared_to_the_same_day(
    client: Client, world: World
) -> None:
    before = make_operation(world.ma_supervisor, year=2024)
    for n in range(40):  # 2024: 40 days of 1,000
        DailyFigureFactory(
            operation=before, day=dt.date(2024, 6, 15) + dt.timedelta(days=n), passengers=1_000
        )
    login_verified(client, world.ma_officer)
    page = client.get("/transit/2025/")
    html = page.content.decode()
    # 4 July is the 20th day of the season: 2024's first 20 days, 20,000, beside its 40,000.
    rows = html[html.index('id="season-table"') :]
    row_2024 = rows[rows.index('<th scope="row">2024</th>') :].split("</tr>")[0]
    assert "20000" in row_2024.replace(",", "").replace("\xa0", "").replace("\u202f", "")
    assert "40000" in row_2024.replace(",", "").replace("\xa0", "").replace("\u202f", "")
    assert set(_chart(page)["cumulative"][1].keys()) == {"label", "values"}  # type: ignore[index]


def test_an_agency_taking_no_part_sees_no_operation(client: Client, world: World) -> None:
    login_verified(client, world.outsider_officer)
    assert "No transit operation" in client.get("/transit/").content.decode()
    assert client.get("/transit/2025/").status_code == 404
    assert client.get("/transit/2025/figures.csv").status_code == 404
    assert client.get("/transit/2025/report.pdf").status_code == 404


def test_the_form_enters_a_day_and_refuses_a_negative_count(client: Client, world: World) -> None:
    login_verified(client, world.ma_officer)
    bad = client.post("/transit/2025/figures/", row(passengers=-1))
    assert bad.status_code == 400
    assert "greater than or equal to 0" in bad.content.decode()
    assert not DailyFigure.objects.exists()
    good = client.post("/transit/2025/figures/", row())
    assert good.status_code == 302
    assert DailyFigure.objects.get().passengers == 25_000


def test_the_form_offers_only_the_sides_own_ports(client: Client, world: World) -> None:
    login_verified(client, world.es_officer)
    html = client.get("/transit/2025/figures/").content.decode()
    assert 'value="algeciras"' in html
    assert 'value="tanger-med"' not in html
    refused = client.post("/transit/2025/figures/", row(port="tanger-med"))
    assert refused.status_code == 400


CSV = (
    "puerto;fecha;sentido;pasajeros;vehículos;rotaciones;espera media;espera máxima;incidencias\n"
    "algeciras;2025-07-01;hacia marruecos;24000;6000;40;35;120;0\n"
    "tarifa;2025-07-01;to_ma;8000;1500;20;30;90;1\n"
)


def test_a_csv_file_in_spanish_is_imported(client: Client, world: World) -> None:
    login_verified(client, world.es_officer)
    upload = SimpleUploadedFile("dia.csv", CSV.encode("cp1252"), content_type="text/csv")
    page = client.post("/transit/2025/import/", {"file": upload})
    assert page.status_code == 302
    assert {(f.port, f.passengers) for f in DailyFigure.objects.all()} == {
        ("algeciras", 24000),
        ("tarifa", 8000),
    }


def test_a_csv_file_with_bad_lines_names_each_and_enters_nothing(
    client: Client, world: World
) -> None:
    text = CSV + "ceuta;2025-07-01;to_ma;-3;0;0;0;0;0\nmelilla;2025-13-01;to_eu;1;1;1;1;1;0\n"
    login_verified(client, world.es_officer)
    upload = SimpleUploadedFile("dia.csv", text.encode("utf-8"), content_type="text/csv")
    page = client.post("/transit/2025/import/", {"file": upload})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Row 4:" in html
    assert "Row 5:" in html
    assert "Row 2:" not in html
    assert not DailyFigure.objects.exists()


def test_a_csv_file_missing_a_column_is_refused(client: Client, world: World) -> None:
    login_verified(client, world.es_officer)
    upload = SimpleUploadedFile("x.csv", b"port,day\nalgeciras,2025-07-01\n")
    page = client.post("/transit/2025/import/", {"file": upload})
    assert page.status_code == 400
    assert "Columns missing" in page.content.decode()


def test_the_csv_export_quotes_formula_cells_and_is_audited(client: Client, world: World) -> None:
    DailyFigureFactory(operation=world.operation, by_name="=HYPERLINK(1)")
    login_verified(client, world.es_officer)
    page = client.get("/transit/2025/figures.csv")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.splitlines()[0].startswith("port,day,direction,passengers")
    assert "'=HYPERLINK(1)" in text
    entry = AuditEntry.objects.filter(action=AuditAction.TRANSIT_EXPORTED).get()
    assert entry.details["format"] == "csv"


@pytest.mark.parametrize("language", ["ar", "es", "fr"])
def test_the_pdf_report_is_in_the_asked_language(
    client: Client, world: World, language: str
) -> None:
    import pypdf

    _season(world)
    login_verified(client, world.ma_officer)
    page = client.get(f"/transit/2025/report.pdf?lang={language}")
    assert page.status_code == 200
    assert page.content.startswith(b"%PDF")
    import io

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(page.content)).pages)
    assert "Transit operation 2025" in text
    # The port's name (Tanger Med): a word pypdf extracts whole from the Arabic (it takes
    # some joined letters apart, such as the hamza of الموانئ).
    port = {"ar": "المتوسط", "es": "Tánger Med", "fr": "Tanger Med"}[language]
    assert port in text
    entry = AuditEntry.objects.filter(action=AuditAction.TRANSIT_EXPORTED).get()
    assert entry.details["language"] == language


def test_the_arabic_report_is_right_to_left(world: World) -> None:
    from strait.transit import report

    html = report.render_html(world.ma_officer, world.operation, "ar")
    assert '<html lang="ar" dir="rtl">' in html


def test_actions_used_by_pages_are_the_only_writers(world: World) -> None:
    actions.report_figures(world.ma_officer, world.operation, [row()])
    assert DailyFigure.objects.get().by_name
