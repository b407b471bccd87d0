"""Issue 16, done-when: in the demo, the Guardia Civil duty officer at Algeciras uploads the next
sailing's manifest (the demo manifest), sees within seconds the hits first: the Moroccan alert
with its required action, and the cross-script hit on the DGSN's records (asked as a hit/no-hit
check on the port channel: a hit and a reference, nothing more); then records an incident,
which the Moroccan coordinator sees in Algeciras' shared duty log on the ``ma`` node."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from strait.alerts import codes as alert_codes
from strait.federation.testing import LocalNode
from tests.browser.helpers import DELIVERY_TIMEOUT_MS, log_in, new_page, poll, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo")]

SUBJECT = "Abdelatif El Khattabi"
INCIDENT = "Traveller of the demo manifest held for the DGSN's discreet check (R-0815)"
CENTRE_SQL = (
    "SELECT s.uid FROM ports_centre c JOIN sharing_sharedobject s ON s.id = c.obj_id"
    " WHERE c.code = ?"
)


def centre_uid(node: LocalNode, code: str) -> str:
    deadline = time.monotonic() + DELIVERY_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        rows = node.query(CENTRE_SQL, (code,))
        if rows:
            return str(uuid.UUID(str(rows[0][0])))
        time.sleep(0.5)
    raise AssertionError(f"no centre {code} on {node.code}")


def test_the_officer_screens_a_sailing_and_the_coordinator_sees_the_incident(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    # What `strait demo` adds once the nodes are peers: the alerts (ma releases, es
    # acknowledges), then the port centres (each host its own).
    for node in (ma, es):
        node.strait("manage", "demo", "--alerts")
    for node in (ma, es):
        node.strait("manage", "demo", "--ports")
    algeciras = centre_uid(es, "algeciras")

    officer = new_page(browser, width=768, height=1024)  # a tablet at the quay
    log_in(officer, es, "gc.officer")
    switch_language(officer, "en")
    officer.goto(f"{es.url}/ports/centres/{algeciras}/")
    officer.locator(".sub-nav a", has_text="Manifests").first.click()
    officer.wait_for_url(f"**/ports/centres/{algeciras}/manifests/")
    officer.fill("#id_vessel", "Ciudad de Ceuta")
    officer.fill("#id_rotation", "R-0815")
    officer.fill("#id_to_port", "MAPTM")
    started = time.monotonic()
    officer.click("#use-demo-manifest")
    officer.wait_for_url("**/ports/manifests/**")
    hits = officer.locator("#hits")
    hits.wait_for(timeout=DELIVERY_TIMEOUT_MS)
    first = hits.locator("li.hit").first
    assert SUBJECT in first.inner_text()
    action = str(alert_codes.REQUIRED_ACTION[alert_codes.AlertType.DISCREET_CHECK])
    assert action in first.locator(".required-action").inner_text()
    # The partner's answer: a hit and a reference (the page polls until it comes).
    first.locator("text=Partner").wait_for(timeout=DELIVERY_TIMEOUT_MS)
    seen = time.monotonic() - started
    assert seen < 30, seen
    assert "CK-" in first.inner_text()
    assert hits.locator("li.hit").count() == 1  # no one else on the manifest is held
    # Two hits on that one traveller: the Moroccan alert and the DGSN's record (cross-script).
    assert officer.locator("#hits-title").inner_text().startswith("2 ")
    officer.screenshot(path=str(artifacts / "port-screening-hits.png"), full_page=True)
    width = officer.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, width

    # The incident, recorded from the centre.
    officer.click("#record-incident")
    officer.wait_for_url(f"**/ports/centres/{algeciras}/incidents/new/**")
    assert officer.input_value("#id_vessel") == "Ciudad de Ceuta"
    assert officer.input_value("#id_rotation") == "R-0815"
    officer.select_option("#id_kind", "wanted_person")
    officer.fill("#id_summary", INCIDENT)
    officer.locator("main form button[type=submit]").last.click()
    officer.wait_for_load_state("networkidle")

    coordinator = new_page(browser, width=390, height=844)
    log_in(coordinator, ma, "dgsn.coordinator")
    switch_language(coordinator, "en")
    url = f"{ma.url}/ports/centres/{algeciras}/"
    poll(coordinator, url, lambda: INCIDENT[:40] in coordinator.content(), "the incident on ma")
    coordinator.screenshot(path=str(artifacts / "port-screening-coordinator.png"), full_page=True)
