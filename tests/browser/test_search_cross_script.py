"""Issue 12, done-when: "a search for 'Youssef' finds the Arabic request". A DGST analyst sends
an Arabic request about "يوسف الإدريسي" with a case reference; on the Spanish node the CGI analyst
types "Youssef" in a Spanish interface and finds it, then the case reference with a filter; in
Rabat the same search in the Arabic interface finds it too. Screenshots in Spanish and Arabic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, poll, switch_language

pytestmark = pytest.mark.browser

SUBJECT = "طلب معلومات عن شخص مشتبه به في ميناء طنجة"
PERSON = "يوسف الإدريسي"
CASE = "TNG-2026/0412"


def test_youssef_finds_the_arabic_request_on_both_nodes(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]

    salma = new_page(browser)
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "ar")
    salma.goto(f"{ma.url}/exchange/compose/?channel=direct-dgst-cgi")
    form = salma.locator("form.compose-form")
    form.locator(f"input[name=recipients][value='{cgi_pk}']").check()
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=urgency]").select_option("urgent")
    form.locator("select[name=language]").select_option("ar")
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=body]").fill("نرجو إفادتنا بكل المعلومات المتوفرة عنه.")
    form.locator("select[name=crime_area]").select_option("drugs")
    form.locator("input[name=about_person]").fill(PERSON)
    form.locator("input[name=about_case]").fill(CASE)
    form.locator("select[name=handling]").select_option("H1")
    form.locator("input[name=purpose]").fill("تحقيق جنائي جار")
    form.locator("button[type=submit]").click()
    salma.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))
    uid = salma.url.rstrip("/").rsplit("/", 1)[-1]

    # Madrid, in Spanish: the Latin spelling finds the Arabic request once it has arrived.
    lucia = new_page(browser, locale="es-ES")
    log_in(lucia, es, "cgi.analyst")
    switch_language(lucia, "es")
    hit = lucia.locator(f"table.messages-table a[href*='{uid}']")
    poll(lucia, f"{es.url}/exchange/search/?q=Youssef", lambda: hit.count() == 1, "Youssef")
    assert hit.inner_text() == SUBJECT
    assert hit.get_attribute("dir") == "auto"
    lucia.screenshot(path=str(artifacts / "search-youssef-es.png"), full_page=True)

    # The case reference however it is typed, with filters.
    lucia.goto(f"{es.url}/exchange/search/?q=tng 2026 0412&urgency=urgent&crime_area=drugs")
    assert lucia.locator(f"table.messages-table a[href*='{uid}']").count() == 1
    lucia.goto(f"{es.url}/exchange/search/?q=tng 2026 0412&urgency=normal")
    assert lucia.locator(f"table.messages-table a[href*='{uid}']").count() == 0
    # No page is wider than the window, filters and all.
    assert lucia.evaluate("document.documentElement.scrollWidth") <= 1280

    # Rabat, in Arabic: the same search from the sender's side.
    salma.goto(f"{ma.url}/exchange/search/?q=Youssef")
    assert salma.locator("html").get_attribute("dir") == "rtl"
    assert salma.locator(f"table.messages-table a[href*='{uid}']").count() == 1
    assert salma.evaluate("document.documentElement.scrollWidth") <= 1280
    salma.screenshot(path=str(artifacts / "search-youssef-ar.png"), full_page=True)
