"""Issue 16's done-when for the transit operation, in the demo: the transit dashboard shows the
season against earlier years. The demo's transit stage runs on ma (the 2023, 2024 and 2025
operations, the Moroccan ports) and es (the Spanish ports, proposed to ma); the Guardia Civil's
officer on es opens the 2025 dashboard: the season beside 2024 and 2023, the peak days, both
sides' ports, the charts drawn; the DGSN's officer on ma reads it in Arabic, right to left,
without the page widening, and takes the Arabic PDF. Screenshots: test-artifacts/transit-es.png,
transit-ar-ma.png."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("transit")]

COPIES_TIMEOUT = 240.0
# The 2025 season's rows and ports on a node: both sides' (11 ports) once es's proposals are in.
SQL_ROWS = (
    "SELECT COUNT(*), COUNT(DISTINCT f.port) FROM transit_dailyfigure f"
    " JOIN transit_operation o ON o.id = f.operation_id WHERE o.year = 2025"
)


def pending(node: LocalNode) -> int:
    return int(node.query("SELECT COUNT(*) FROM sharing_proposal WHERE status = 'pending'")[0][0])


@pytest.fixture(scope="module")
def transit_demo(demo_world: dict[str, LocalNode]) -> dict[str, LocalNode]:
    """The demo's transit operations as `strait demo` seeds them: ma, then es (until the
    coordinator's launcher stage runs it, here)."""
    said = {code: demo_world[code].strait("manage", "demo", "--transit") for code in ("ma", "es")}
    deadline = time.monotonic() + COPIES_TIMEOUT
    while True:
        rows = {code: tuple(demo_world[code].query(SQL_ROWS)[0]) for code in ("ma", "es")}
        waiting = sum(pending(node) for node in demo_world.values())
        if not waiting and rows["ma"][1] == 11 and rows["ma"] == rows["es"]:
            break
        assert time.monotonic() < deadline, (rows, said)
        time.sleep(0.5)
    return demo_world


def no_page_overflow(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def chart_drawn(page: Any, canvas: str) -> bool:
    return bool(page.evaluate(f"() => !!(window.Chart && Chart.getChart('{canvas}'))"))


def test_the_dashboard_shows_the_season_against_earlier_years(
    transit_demo: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    es = transit_demo["es"]
    page = new_page(browser)
    log_in(page, es, "gc.officer")
    # The entry is inside the menu's "Cooperation" group: open it first.
    page.click("nav.main-nav details.nav-group > summary")
    page.click("nav.main-nav .nav-group-items a:has-text('Transit')")
    assert page.url.endswith("/transit/")
    assert "2025" in page.locator("h1").inner_text()
    season = page.locator("#season-table tbody")
    years = season.locator("th[scope=row]").all_inner_texts()
    assert years[0] == "2025"
    assert "2024" in years
    assert "2023" in years
    assert "Plan" in years
    assert page.locator("#peaks li.peak").count() == 5
    ports = page.locator("#ports-table tbody").inner_text()
    assert "Algeciras" in ports  # entered on es
    assert "Tanger Med" in ports  # entered on ma
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-days')")
    assert chart_drawn(page, "chart-cumulative")
    page.screenshot(path=str(artifacts / "transit-es.png"), full_page=True)
    page.context.close()


def test_the_dashboard_in_arabic_and_its_arabic_pdf(
    transit_demo: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = transit_demo["ma"]
    page = new_page(browser, width=390, height=844)
    log_in(page, ma, "dgsn.officer")
    switch_language(page, "ar")
    page.goto(f"{ma.url}/transit/2025/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-days')")
    assert "طنجة المتوسط" in page.locator("#ports-table").inner_text()
    assert no_page_overflow(page)
    page.screenshot(path=str(artifacts / "transit-ar-ma.png"), full_page=True)
    pdf = page.request.get(f"{ma.url}/transit/2025/report.pdf?lang=ar")
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
    page.context.close()
