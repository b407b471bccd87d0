"""Issue 14, the situation picture: the map of the Strait in Arabic on both nodes, with the
surge layer. A DGSN officer on ma drafts a migration-surge alert for the Tangier-Fnideq segment,
a DGSN supervisor releases it to the Guardia Civil; on es the Guardia Civil officer acknowledges
it and logs a measure, the DGSN logs one on ma. Each node's map (offline: Natural Earth shapes
from the node itself, no tile server, no other origin) shows the surge over its segment with the
segment's impact level, right to left around a left-to-right map; the rapid-reaction log on ma
gives the minutes from the report to the partner's acknowledgement. Screenshots:
test-artifacts/situation-map-ar-es.png, situation-map-ar-ma.png, situation-log-ar-ma.png."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language
from tests.nodes import on_named

pytestmark = pytest.mark.browser

TITLE = "الفنيدق: تدفق مرتقب الليلة"
WAIT = 60.0


def _wait_for_rows(node: LocalNode, sql: str, params: tuple[Any, ...], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not node.query(sql, params)[0][0]:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not reach node {node.code} within {WAIT:.0f}s")
        time.sleep(0.5)


def _open_map(page: Any, node: LocalNode, username: str) -> list[str]:
    """The map in Arabic, drawn; the URLs the page asked for on another origin."""
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: elsewhere.append(r.url) if not r.url.startswith((node.url, "data:")) else None,
    )
    log_in(page, node, username)
    switch_language(page, "ar")
    page.goto(f"{node.url}/situation/")
    page.wait_for_function(
        "() => { const m = document.getElementById('situation-map');"
        " return m && m.dataset.ready === 'true' && m.dataset.basemapReady === 'true'; }",
        timeout=30_000,
    )
    return elsewhere


def _check_map(page: Any, uid: str) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # The map itself does not mirror; its zoom control stands on the right in Arabic.
    assert page.evaluate("document.getElementById('situation-map').dir") == "ltr"
    assert page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom").count() == 1
    assert page.locator(".leaflet-top.leaflet-left .leaflet-control-zoom").count() == 0
    # The layer controls and the slider follow the page: right to left.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.situation-layers')).direction")
        == "rtl"
    )
    # Land drawn from the vendored Natural Earth shapes (Morocco and Spain at least).
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert page.locator(".situation-place-label").count() == 2
    data = json.loads(page.locator("#situation-data").text_content())
    (surge,) = [a for a in data["alerts"] if a["uid"] == uid]
    assert surge["areas"] == ["tanger-fnideq"]
    assert surge["title"] == TITLE
    levels = {s["code"]: s["level"] for s in data["segments"]}
    assert levels["tanger-fnideq"] == "medium"
    assert levels["ceuta-perimeter"] == "high"
    assert data["crossings"], "the demo's crossing reports"
    row = page.locator("tr[data-code='tanger-fnideq']")
    assert row.locator(".level-medium").count() == 1
    assert page.locator(f".situation-alerts a:has-text('{TITLE}')").count() == 1
    # The timeline slider: the 7-day window, drawn without leaving the page.
    page.evaluate("window.__same = true")
    page.locator(".situation-window-steps a[data-window='7d']").click()
    page.wait_for_function("() => document.getElementById('situation-map').dataset.window === '7d'")
    assert page.evaluate("window.__same === true")


def test_the_arabic_map_shows_the_surge_on_both_nodes(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    uid = on_named(ma, "tests.nodes.situation:release_surge", title=TITLE)
    # The picture's Spanish part (es proposed it to ma after the nodes became peers).
    _wait_for_rows(
        es,
        "SELECT COUNT(*) FROM situation_segment WHERE code = ? AND level = 'high'",
        ("ceuta-perimeter",),
        "The Ceuta perimeter's level",
    )
    _wait_for_rows(
        es,
        "SELECT COUNT(*) FROM alerts_alert a JOIN sharing_sharedobject o ON o.id = a.obj_id"
        " WHERE o.uid = ?",
        (uid.replace("-", ""),),
        "The surge alert",
    )
    on_named(
        es,
        "tests.nodes.situation:acknowledge_and_act",
        uid=uid,
        username="gc.officer",
        text="Dos patrulleras frente al Tarajal",
    )
    _wait_for_rows(
        ma,
        "SELECT COUNT(*) FROM alerts_acknowledgement WHERE agency = ?",
        ("es-gc",),
        "The Guardia Civil's acknowledgement",
    )
    on_named(
        ma,
        "tests.nodes.situation:acknowledge_and_act",
        uid=uid,
        username="dgsn.officer",
        text="إغلاق شاطئ الفنيدق",
    )

    javier = new_page(browser, locale="ar-MA", width=1280, height=1000)
    elsewhere = _open_map(javier, es, "gc.officer")
    _check_map(javier, uid)
    javier.locator(".situation-window-steps a[data-window='24h']").click()
    javier.wait_for_function(
        "() => document.getElementById('situation-map').dataset.window === '24h'"
    )
    javier.screenshot(path=str(artifacts / "situation-map-ar-es.png"), full_page=True)
    assert not elsewhere, f"the map asked another origin: {elsewhere[:5]}"

    youssef = new_page(browser, locale="ar-MA", width=1280, height=1000)
    elsewhere = _open_map(youssef, ma, "dgsn.officer")
    _check_map(youssef, uid)
    youssef.screenshot(path=str(artifacts / "situation-map-ar-ma.png"), full_page=True)
    assert not elsewhere, f"the map asked another origin: {elsewhere[:5]}"

    youssef.goto(f"{ma.url}/situation/surges/{uid}/")
    summary = youssef.locator("#reaction-summary li").first.text_content() or ""
    assert "es-gc" in summary
    assert youssef.locator("tr.step-acknowledged.partner").count() == 1
    assert youssef.locator("tr.step-measure").count() == 2
    youssef.screenshot(path=str(artifacts / "situation-log-ar-ma.png"), full_page=True)
