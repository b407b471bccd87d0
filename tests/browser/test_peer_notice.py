"""A Moroccan node administrator sends a signed notice to the Spanish node from the peers page
and sees it acknowledged; the Spanish administrator sees it arrive (issue 3, done-when)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_notice_from_ma_is_acknowledged_by_es(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    admin_ma = browser.new_context(locale="en-GB").new_page()
    log_in(admin_ma, ma, "ma.admin")
    admin_ma.click("nav >> text=Peers")
    admin_ma.click("a[href='/peers/es/']")
    admin_ma.fill("textarea[name=text]", "Réunion de coordination demain à 10h — مرحبا")
    admin_ma.click("main form:has(textarea) button[type=submit]")
    admin_ma.wait_for_selector("text=Waiting for delivery")

    # The worker delivers within moments; the receipt turns the row into an acknowledgement.
    for _ in range(40):
        admin_ma.reload()
        if admin_ma.locator("text=Acknowledged by es").count():
            break
        admin_ma.wait_for_timeout(250)
    assert admin_ma.locator("text=Acknowledged by es").count() == 1
    admin_ma.screenshot(path=str(artifacts / "peer-notice-ma.png"), full_page=True)

    admin_es = browser.new_context(locale="en-GB").new_page()
    log_in(admin_es, es, "es.admin")
    admin_es.goto(f"{es.url}/peers/ma/")
    row = admin_es.locator("td", has_text="Réunion de coordination")
    assert row.count() == 1
    assert row.get_attribute("dir") == "auto"  # mixed Latin/Arabic text set by its content
