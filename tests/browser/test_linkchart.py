"""The link chart in Chromium: the DGST analyst opens an operation's chart in Arabic and sees
every entity drawn (names in their own script, Arabic right to left, in the site's Arabic
font), filters by relation kind and by date, expands a node to its neighbours, and exports PNG
and SVG; the same chart in Spanish. Nothing breaks the CSP (no inline script or style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language
from tests.nodes import linkchart as network
from tests.nodes import on

pytestmark = pytest.mark.browser

DRAWN = "#linkchart[data-draw-ms]"


def _count(page: Any, name: str) -> int:
    return int(page.locator("#linkchart").get_attribute(f"data-{name}"))


def _click_node(page: Any, uid: str) -> None:
    """A real click where Cytoscape drew the entity."""
    where = page.evaluate(
        "uid => window.straitLinkChart.getElementById(uid).renderedPosition()", uid
    )
    box = page.locator("#linkchart").bounding_box()
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])


def test_the_link_chart_draws_filters_expands_and_exports(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    made = on(ma, network.chart_operation, username="dgst.analyst")
    entities = made["entities"]
    chart_url = f"{ma.url}/operations/{made['uid']}/chart/"

    page = new_page(browser, locale="ar")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    log_in(page, ma, "dgst.analyst")
    switch_language(page, "ar")
    page.goto(chart_url)
    page.wait_for_selector(DRAWN)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert (_count(page, "nodes"), _count(page, "edges")) == (8, 7)
    assert _count(page, "draw-ms") < 2000
    # The canvas draws with the Arabic web font the site ships, loaded before the drawing.
    assert page.evaluate("document.fonts.check('13px \"Noto Naskh Arabic\"', 'ع')")
    labels = page.evaluate("window.straitLinkChart.nodes().map(n => n.data('label'))")
    # Each label isolated in its own direction (the canvas would take the page's).
    assert "\u2067حمزة البقالي\u2069" in labels
    assert "\u2066+212661234567\u2069" in labels
    page.screenshot(path=str(artifacts / "linkchart-ar.png"), full_page=True)

    # Filter by relation kind: without "recruits", two relations go, and the courier, who was
    # related only by recruitment and a call, stays through the call.
    page.locator("input[name=relation][value=recruits]").uncheck()
    assert (_count(page, "nodes"), _count(page, "edges")) == (8, 5)
    page.locator("input[name=relation][value=recruits]").check()
    # Filter by date: from 1 August 2014, undated relations left out: recruits (20 Aug),
    # calls (25 Aug), travels with (5 Sep) stay; the driver, courier, phone, contact and
    # recruiter are what they connect.
    page.locator("#linkchart-from").fill("2014-08-01")
    page.locator("#linkchart-undated").uncheck()
    page.locator("#linkchart-from").dispatch_event("change")
    assert (_count(page, "nodes"), _count(page, "edges")) == (5, 3)
    page.screenshot(path=str(artifacts / "linkchart-filtered-ar.png"), full_page=True)
    page.locator("#linkchart-from").fill("")
    page.locator("#linkchart-undated").check()
    page.locator("#linkchart-from").dispatch_event("change")
    assert (_count(page, "nodes"), _count(page, "edges")) == (8, 7)

    # Expand the emir: he, whom he leads and who finances him.
    _click_node(page, entities["emir"])
    page.wait_for_function("document.getElementById('linkchart').dataset.nodes === '3'")
    assert _count(page, "edges") == 2
    assert "حمزة البقالي" in page.locator("#linkchart-selected").inner_text()
    # Expand the recruiter too: the courier and the driver join.
    _click_node(page, entities["recruiter"])
    page.wait_for_function("document.getElementById('linkchart').dataset.nodes === '5'")
    page.screenshot(path=str(artifacts / "linkchart-expanded-ar.png"), full_page=True)
    page.locator("#linkchart-all").click()
    assert _count(page, "nodes") == 8

    # Export: a PNG image and an SVG with the names as text.
    with page.expect_download() as download:
        page.locator("#linkchart-png").click()
    png = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5_000
    with page.expect_download() as download:
        page.locator("#linkchart-svg").click()
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".svg")
    assert svg.count("<circle") == 8
    assert svg.count("<line") == 7
    assert 'direction="rtl"' in svg
    assert "حمزة البقالي" in svg

    # The same chart in Spanish.
    switch_language(page, "es")
    page.goto(chart_url)
    page.wait_for_selector(DRAWN)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert _count(page, "nodes") == 8
    page.screenshot(path=str(artifacts / "linkchart-es.png"), full_page=True)

    # The statistics page draws its charts (Chart.js) from the page's json_script data.
    statistics = (
        f"{ma.url}/operations/statistics/?since=2014-08-01&kind=arrest&crime_area=terrorism"
    )
    page.goto(statistics)
    page.wait_for_selector("#chart-period[data-drawn]")
    assert page.locator("canvas[data-drawn]").count() == 4
    page.screenshot(path=str(artifacts / "statistics-es.png"), full_page=True)
    switch_language(page, "ar")
    page.goto(statistics)
    page.wait_for_selector("#chart-period[data-drawn]")
    page.screenshot(path=str(artifacts / "statistics-ar.png"), full_page=True)

    # No script error, no CSP refusal (an inline style or script would be one).
    assert problems == []
