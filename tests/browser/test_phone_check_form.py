"""Issue 12: the check form is usable on a 390 px phone: nothing wider than the screen, every
field inside it and large enough to touch, in Spanish and in Arabic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

PHONE = 390

CONTROLS = """() => [...document.querySelectorAll(
    'main form.stacked input:not([type=hidden]), main form.stacked select,'
    + ' main form.stacked textarea, main form.stacked button')]
  .filter(el => el.getClientRects().length > 0)
  .map(el => {
    const b = el.getBoundingClientRect();
    return {name: el.name || el.type, left: b.left, right: b.right, height: b.height,
            kind: el.type};
  })"""


def test_the_check_form_fits_a_390_px_phone(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    es = demo_world["es"]
    page = new_page(browser, width=PHONE, height=844)
    log_in(page, es, "gc.officer")
    problems = []
    for language in ("es", "ar"):
        switch_language(page, language)
        page.goto(f"{es.url}/checks/new/")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            problems.append(f"{language}: page {width} px wide")
        controls = page.evaluate(CONTROLS)
        assert controls, "the check form has fields"
        for c in controls:
            if c["left"] < 0 or c["right"] > PHONE:
                problems.append(f"{language}: {c['name']} outside the screen ({c})")
            if c["kind"] not in ("checkbox", "radio") and c["height"] < 36:
                problems.append(f"{language}: {c['name']} too small to touch ({c['height']} px)")
        page.screenshot(path=str(artifacts / f"check-form-phone-{language}.png"), full_page=True)
    assert not problems, "\n".join(problems)
