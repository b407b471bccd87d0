"""The port centre at the quay: on a tablet (768 x 1024) the Guardia Civil officer on duty at
Algeciras writes in the shared duty log through the quick entry (HTMX: no page load), every
control of the page at least 44 px high and nothing wider than the screen; on a phone (390 x 844)
the Moroccan coordinator reads the line on ``ma``, in English and in Arabic (right to left)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import DELIVERY_TIMEOUT_MS, log_in, new_page, poll, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo")]

CENTRE_SQL = (
    "SELECT s.uid FROM ports_centre c JOIN sharing_sharedobject s ON s.id = c.obj_id"
    " WHERE c.code = ?"
)
# Every control a thumb must hit on the centre's pages.
CONTROLS = (
    ".ports button, .ports select, .ports textarea, .ports .sub-nav a,"
    " .ports input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
SMALLEST = (
    "(sel) => Math.min(...Array.from(document.querySelectorAll(sel))"
    ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height))"
)


def centre_uid(node: LocalNode, code: str) -> str:
    deadline = time.monotonic() + DELIVERY_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        rows = node.query(CENTRE_SQL, (code,))
        if rows:
            return str(uuid.UUID(str(rows[0][0])))
        time.sleep(0.5)
    raise AssertionError(f"no centre {code} on {node.code}")


def fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SMALLEST, CONTROLS) >= 44


def test_the_duty_log_at_the_quay_on_a_tablet_and_a_phone(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    for node in (ma, es):
        node.strait("manage", "demo", "--ports")
    algeciras = centre_uid(es, "algeciras")
    text = f"Van 4521-KLM sent to secondary inspection, ramp 3 ({uuid.uuid4().hex[:6]})"

    tablet = new_page(browser, width=768, height=1024)
    log_in(tablet, es, "gc.officer")
    switch_language(tablet, "en")
    url = f"{es.url}/ports/centres/{algeciras}/"
    tablet.goto(url)
    assert "Javier Romero Ortega" in tablet.locator("section", has_text="On duty now").inner_text()
    fits(tablet, 768)
    tablet.select_option("#id_kind", "information")
    tablet.fill("#id_text", text)
    tablet.locator(".quick-entry button[type=submit]").click()
    tablet.locator("#duty-log li", has_text=text).wait_for(timeout=DELIVERY_TIMEOUT_MS)
    assert tablet.url == url  # swapped in place
    tablet.screenshot(path=str(artifacts / "port-centre-tablet.png"), full_page=True)

    phone = new_page(browser, width=390, height=844)
    log_in(phone, ma, "dgsn.coordinator")
    switch_language(phone, "en")
    there = f"{ma.url}/ports/centres/{algeciras}/"
    poll(phone, there, lambda: text in phone.content(), "the log line on ma")
    fits(phone, 390)
    switch_language(phone, "ar")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert text in phone.locator("#duty-log").inner_text()
    fits(phone, 390)
    phone.screenshot(path=str(artifacts / "port-centre-phone-ar.png"), full_page=True)
