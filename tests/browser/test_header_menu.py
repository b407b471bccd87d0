"""Issue 12: the header menu fits on one line at 1280 px in French, Arabic and Spanish (it wrapped
to three or four lines in French), with room left for the work queue's count badges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

# The users with the longest menus: every entry an analyst has, and every one an administrator
# or a node auditor has.
USERS = ("dgst.analyst", "dgsn.supervisor", "ma.admin", "ma.auditor")

# What the header's items span from top to bottom when they stand on one line.
ROWS = """() => {
  const header = document.querySelector('.site-header');
  const selector = '.site-header > :not(.main-nav), .main-nav a, .header-tools > *';
  const items = [...header.querySelectorAll(selector)];
  const boxes = items.map(el => el.getBoundingClientRect()).filter(b => b.width > 0);
  const centres = boxes.map(b => Math.round((b.top + b.bottom) / 2));
  return {height: header.getBoundingClientRect().height,
          spread: Math.max(...centres) - Math.min(...centres),
          scroll: document.documentElement.scrollWidth};
}"""


def test_the_header_menu_stands_on_one_line_at_1280_px(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    wrapped = []
    for username in USERS:
        page = new_page(browser, width=1280)
        log_in(page, ma, username)
        for language in ("fr", "ar", "es"):
            switch_language(page, language)
            measured = page.evaluate(ROWS)
            # One line: every item's middle within a few pixels of the others', the page no wider.
            if measured["spread"] > 8 or measured["scroll"] > 1280:
                wrapped.append(f"{username} {language}: {measured}")
            page.locator(".site-header").screenshot(
                path=str(artifacts / f"header-{username.replace('.', '-')}-{language}.png")
            )
        page.context.close()
    assert not wrapped, "header on more than one line:\n" + "\n".join(wrapped)
