"""Issue 16's done-when for major events, in the demo: the PSP's liaison officer (`psp.liaison`
on `pt`) logs information in the 2030 World Cup's international police cooperation centre, and
the DGSN's officer on `ma` and the Policía Nacional's liaison on `es` read it in their own
copies; the venues map draws every host's venues offline; the centre's page in Arabic runs right
to left without widening. Screenshots: test-artifacts/events-centre-pt.png, events-centre-ma.png,
events-map.png, events-centre-ar.png."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, poll, switch_language

pytestmark = pytest.mark.browser

COPIES_TIMEOUT = 180.0
CODE = "fifa-wc-2030"


def event_state(node: LocalNode) -> tuple[str, int, int] | None:
    """(uid, change, venues) of the World Cup's copy on ``node``; None: no copy yet."""
    rows = node.query(
        "SELECT o.uid, o.seq, (SELECT COUNT(*) FROM events_venue v WHERE v.event_id = e.id)"
        " FROM events_event e JOIN sharing_sharedobject o ON o.id = e.obj_id WHERE e.code = ?",
        (CODE,),
    )
    if not rows:
        return None
    return str(uuid.UUID(str(rows[0][0]))), int(rows[0][1]), int(rows[0][2])


def pending(node: LocalNode) -> int:
    return int(node.query("SELECT COUNT(*) FROM sharing_proposal WHERE status = 'pending'")[0][0])


@pytest.fixture(scope="module")
def events_demo(demo_world: dict[str, LocalNode]) -> tuple[dict[str, LocalNode], str]:
    """The demo's major events as `strait demo` seeds them: ma, then es, then pt."""
    said = {
        code: demo_world[code].strait("manage", "demo", "--events") for code in ("ma", "es", "pt")
    }
    deadline = time.monotonic() + COPIES_TIMEOUT
    while True:
        states = {code: event_state(node) for code, node in demo_world.items()}
        waiting = sum(pending(node) for node in demo_world.values())
        if not waiting and states["ma"] and len(set(states.values())) == 1:
            break
        assert time.monotonic() < deadline, (states, said)
        time.sleep(0.5)
    uid, _seq, venues = states["ma"]  # type: ignore[misc]
    assert venues == 14, said  # five Moroccan, five Spanish, four Portuguese
    return demo_world, uid


def no_page_overflow(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_psp_liaison_logs_information_that_ma_and_es_read(
    events_demo: tuple[dict[str, LocalNode], str], browser: Any, artifacts: Path
) -> None:
    nodes, uid = events_demo
    text = f"PSP: coach of risk supporters left Porto for Sevilla ({uuid.uuid4().hex[:8]})."
    page = new_page(browser)
    log_in(page, nodes["pt"], "psp.liaison")
    # The entry is inside the menu's "Cooperation" group: open it first.
    page.click("nav.main-nav details.nav-group > summary")
    page.click("nav.main-nav .nav-group-items a:has-text('Events')")
    page.click("text=2030 FIFA World Cup")
    page.click("nav.sub-nav >> text=Cooperation centre")
    assert page.url.endswith(f"/events/{uid}/centre/")
    page.fill("#log-form textarea[name=information]", text)
    page.fill("#log-form textarea[name=assessment]", "Arrival at La Cartuja around 17:00.")
    page.check("#log-form input[name=passed_to][value=es-pn]")
    page.check("#log-form input[name=passed_to][value=ma-dgsn]")
    page.click("#log-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    # Proposed to ma, the home; shown here once its change comes back.
    poll(
        page,
        f"{nodes['pt'].url}/events/{uid}/centre/",
        lambda: page.locator("#events-log", has_text=text).count() == 1,
        "the entry in pt's own copy",
    )
    page.screenshot(path=str(artifacts / "events-centre-pt.png"), full_page=True)

    for code, username in (("ma", "dgsn.officer"), ("es", "pn.liaison")):
        reader = new_page(browser)
        log_in(reader, nodes[code], username)
        url = f"{nodes[code].url}/events/{uid}/centre/"
        poll(
            reader,
            url,
            lambda reader=reader: reader.locator("#events-log tr", has_text=text).count() == 1,
            f"the PSP's entry on {code}",
        )
        row = reader.locator("#events-log tr", has_text=text)
        assert "pt-psp" in row.inner_text()
        assert "es-pn" in row.inner_text()
        if code == "ma":
            reader.screenshot(path=str(artifacts / "events-centre-ma.png"), full_page=True)
        reader.context.close()
    page.context.close()


def test_the_venues_map_draws_every_hosts_venues_offline(
    events_demo: tuple[dict[str, LocalNode], str], browser: Any, artifacts: Path
) -> None:
    nodes, uid = events_demo
    page = new_page(browser)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(nodes["es"].url) else None,
    )
    log_in(page, nodes["es"], "pn.liaison")
    page.goto(f"{nodes['es'].url}/events/{uid}/map/")
    page.wait_for_selector("#events-map[data-basemap-ready=true]")
    assert page.locator("#events-map").get_attribute("data-venues") == "14"
    assert page.locator("path.events-venue").count() == 14
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside
    page.screenshot(path=str(artifacts / "events-map.png"), full_page=True)
    page.context.close()


def test_the_centre_in_arabic_runs_right_to_left_without_widening(
    events_demo: tuple[dict[str, LocalNode], str], browser: Any, artifacts: Path
) -> None:
    nodes, uid = events_demo
    page = new_page(browser, locale="ar-MA", width=390, height=844)
    log_in(page, nodes["ma"], "dgsn.liaison")
    switch_language(page, "ar")
    page.goto(f"{nodes['ma'].url}/events/{uid}/centre/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#events-log tbody tr").count() >= 2
    assert no_page_overflow(page)
    page.screenshot(path=str(artifacts / "events-centre-ar.png"), full_page=True)
    page.context.close()
