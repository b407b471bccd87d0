"""Issue 15 in Arabic, in the demo: the Strategic Committee's Marrakech 2014 meeting as the
DGSN's director general (`ma.chair`) sees it on `ma` once both chairs signed (the DGSN's on
ma, the Policía Nacional's on es, through `strait manage demo --governance`): the Arabic and
Spanish minutes side by side (the Arabic on the right of a right-to-left page), the signature
panel with both signatures valid; and the governance dashboard of the follow-up committee's
secretary (`ma.secretary`) warning that the interior ministers' next meeting falls due.
Screenshots: test-artifacts/governance-meeting-ar.png, governance-dashboard-ar.png."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from strait.governance.demo_data import ES_CHAIR_NAME, MA_CHAIR_NAME
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

SIGNED_TIMEOUT = 120.0


def marrakech_uid(node: LocalNode) -> str:
    rows = node.query(
        "SELECT m.uid FROM governance_meeting m JOIN governance_body b ON b.id = m.body_id"
        " WHERE b.code = ? AND m.starts_on = ?",
        ("strategic-committee", "2014-03-07"),
    )
    assert rows, "the demo's Marrakech session of the Strategic Committee"
    return str(uuid.UUID(str(rows[0][0])))


def signed_nodes(node: LocalNode, meeting: str) -> set[str]:
    rows = node.query(
        "SELECT s.node FROM governance_minutessignature s"
        " JOIN governance_meeting m ON m.id = s.meeting_id"
        " WHERE m.uid = ? AND s.version = m.minutes_version",
        (uuid.UUID(meeting).hex,),
    )
    return {str(r[0]) for r in rows}


@pytest.fixture(scope="module")
def governance_demo(demo_world: dict[str, LocalNode]) -> dict[str, LocalNode]:
    """The demo's governance, as `strait demo` seeds it after the alerts: ma, then es."""
    ma, es = demo_world["ma"], demo_world["es"]
    said = {
        code: demo_world[code].strait("manage", "demo", "--governance") for code in ("ma", "es")
    }
    meeting = marrakech_uid(ma)
    deadline = time.monotonic() + SIGNED_TIMEOUT
    while signed_nodes(ma, meeting) != {"ma", "es"}:
        assert time.monotonic() < deadline, said
        time.sleep(0.5)
    assert signed_nodes(es, meeting) == {"ma", "es"} or "signed by both" in said["es"], said
    return {"ma": ma, "es": es}


def no_page_overflow(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_marrakech_minutes_side_by_side_and_both_signatures_in_arabic(
    governance_demo: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = governance_demo["ma"]
    meeting = marrakech_uid(ma)
    page = new_page(browser, locale="ar-MA", width=1280, height=900)
    log_in(page, ma, "ma.chair")
    switch_language(page, "ar")
    page.goto(f"{ma.url}/governance/meetings/{meeting}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"

    arabic = page.locator("article.minutes-ar")
    spanish = page.locator("article.minutes-es")
    assert arabic.get_attribute("dir") == "rtl"
    assert "مراكش" in arabic.inner_text()
    assert "Marrakech" in spanish.inner_text()
    # Side by side: the same row, the Arabic on the right of the right-to-left page.
    left, right = spanish.bounding_box(), arabic.bounding_box()
    assert left is not None
    assert right is not None
    assert abs(left["y"] - right["y"]) < 5
    assert right["x"] > left["x"] + left["width"] - 5

    # The signature panel: both chairs, each signed with their own node's key, both valid.
    panel = page.locator("#signatures")
    text = panel.inner_text()
    assert MA_CHAIR_NAME in text
    assert ES_CHAIR_NAME in text
    assert panel.locator("tbody tr").count() == 2
    assert panel.locator("tbody .sig-valid").count() == 2
    assert panel.locator(".sig-void").count() == 0
    assert no_page_overflow(page)
    page.locator("#minutes").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "governance-meeting-ar.png"), full_page=True)


def test_the_dashboard_warns_that_the_ministers_next_meeting_falls_due_in_arabic(
    governance_demo: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = governance_demo["ma"]
    page = new_page(browser, locale="ar-MA", width=1280, height=900)
    log_in(page, ma, "ma.secretary")
    switch_language(page, "ar")
    page.goto(f"{ma.url}/governance/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    main = page.locator("main").inner_text()
    assert "اجتماع وزيري الداخلية" in main
    assert "اللجنة الأمنية الاستراتيجية" in main
    assert no_page_overflow(page)
    page.screenshot(path=str(artifacts / "governance-dashboard-ar.png"), full_page=True)
