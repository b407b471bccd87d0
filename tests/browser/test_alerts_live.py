"""Issue 14, real time: a migration-surge alert released on `ma` (drafted by a DGSN officer,
released by a DGSN supervisor) appears on the Guardia Civil officer's open page on `es`, in
Arabic, without a reload: the banner across the page with the alert's text and the count of
alerts not acknowledged, brought by the page's event stream (its timed poll stands aside while
the stream is open). Screenshot: test-artifacts/alert-live-ar.png."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language
from tests.nodes import on_named

pytestmark = pytest.mark.browser

ARRIVAL_TIMEOUT_MS = 30_000
TITLE = "الفنيدق: تدفق متوقع الليلة"  # an Arabic title: the banner keeps the script as written


def test_an_alert_released_on_ma_appears_on_the_open_page_on_es_in_arabic(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    # Submitted first (the officer's part); the moment that counts is the release.
    draft = on_named(ma, "tests.nodes.push:submitted_surge", title=TITLE, addressees=["es-gc"])

    javier = new_page(browser, locale="ar-MA", width=1280, height=800)
    log_in(javier, es, "gc.officer")
    switch_language(javier, "ar")
    javier.goto(f"{es.url}/")
    assert javier.evaluate("document.documentElement.dir") == "rtl"
    javier.wait_for_function("() => document.documentElement.dataset.push === 'open'")
    javier.evaluate("window.__stillTheSamePage = true")
    assert javier.locator(f".alert-banner:has-text('{TITLE}')").count() == 0

    released = on_named(ma, "tests.nodes.push:release", draft_uid=draft)
    banner = javier.locator(f".alert-banner[data-topic='alerts.alert']:has-text('{TITLE}')")
    banner.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    seen = time.time()
    assert javier.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"
    # Drawn from the stream's event itself, before the fragment came (push.js).
    assert TITLE in javier.evaluate("document.documentElement.dataset.pushBanners || ''")
    # Through the stream: it is still open, and the timed poll stood aside meanwhile.
    assert javier.evaluate("document.documentElement.dataset.push") == "open"
    print(f"alert on the open page {seen - float(released['started']):.1f} s after the release")

    # Full width, under the header, above the content; the count of unacknowledged alerts.
    region = javier.locator("#alert-banner")
    box, page_width = region.bounding_box(), javier.viewport_size["width"]
    main_box = javier.locator("main").bounding_box()
    assert box is not None
    assert main_box is not None
    assert box["width"] >= page_width - 20
    assert box["y"] < main_box["y"]
    counts = region.locator(".badge-count .count").evaluate_all(
        "xs => xs.map(x => Number(x.dataset.count))"
    )
    assert max(counts, default=0) >= 1, "no count of alerts not acknowledged next to the banner"
    javier.screenshot(path=str(artifacts / "alert-live-ar.png"))

    # One click from the banner to the alert's page.
    banner.locator("button.link").click()
    javier.wait_for_url(f"**/alerts/{released['uid']}/**")
