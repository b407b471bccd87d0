"""Issue 12, checks with context, on a 390 px phone: the Guardia Civil officer checks a Moroccan
mobile written as it is dialled in Morocco ("0661223344"); the country of the number is already
the partner's (Morocco), the form fits the screen, and the check goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.checks.demo import PORT_CHANNEL
from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

PHONE = 390


def test_a_local_moroccan_number_is_checked_from_a_phone(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    es = demo_world["es"]
    page = new_page(browser, width=PHONE, height=844)
    log_in(page, es, "gc.officer")
    switch_language(page, "es")
    page.goto(f"{es.url}/checks/new/?kind=phone")
    form = page.locator("main form.stacked")
    assert form.locator("select[name=country]").input_value() == "MA"
    channel = es.query("SELECT id FROM exchange_channel WHERE code = ?", (PORT_CHANNEL,))[0][0]
    form.locator("select[name=channel]").select_option(str(channel))
    form.locator("select[name=kind]").select_option("phone")
    form.locator("input[name=recipients]").first.check()
    form.locator("input[name=value]").fill("0661223344")
    form.locator("input[name=purpose]").fill("Control fronterizo en Algeciras")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(artifacts / "check-form-phone-country-es.png"), full_page=True)
    assert width <= PHONE, f"the form is {width} px wide on a {PHONE} px screen"
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{es.url}/checks/*/")
    assert "0661223344" in page.locator("main h1").inner_text()
    page.screenshot(path=str(artifacts / "check-sent-phone-es.png"), full_page=True)
