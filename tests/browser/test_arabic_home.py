"""A Moroccan officer of the demo world logs in with password and TOTP, switches to Arabic, and
gets a right-to-left home page drawn in the font shipped with the static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import fonts_used, log_in

pytestmark = pytest.mark.browser


def test_moroccan_officer_logs_in_and_reads_home_in_arabic(
    demo_world: dict[str, LocalNode], page: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    log_in(page, ma, "dgsn.officer")
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.select_option("#language-select", "ar")
    page.click(".language-switch button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")

    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = page.locator("h1").inner_text()
    assert any("\u0600" <= ch <= "\u06ff" for ch in heading), heading

    # Mirrored layout: the brand sits at the right edge, the tools at the left.
    brand = page.locator(".brand").bounding_box()
    tools = page.locator(".header-tools").bounding_box()
    assert brand["x"] > tools["x"]

    # A heading in Arabic only is drawn entirely in the shipped web font, not a system font.
    # (Spaces are outside the web font's unicode-range and may come from a system font.)
    fonts = fonts_used(page, "#queue-title")
    main = max(fonts, key=lambda f: f["glyphCount"])
    assert (main["familyName"], main["isCustomFont"]) == ("Noto Naskh Arabic", True), fonts
    # In the greeting, the Arabic words use it too; the Latin-script name falls back.
    greeting = {f["familyName"]: f["isCustomFont"] for f in fonts_used(page, "h1")}
    assert greeting.get("Noto Naskh Arabic") is True, greeting

    page.screenshot(path=str(artifacts / "home-ar.png"), full_page=True)

    # The choice sticks: a new page load stays in Arabic.
    page.goto(f"{ma.url}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
