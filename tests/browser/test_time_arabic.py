"""Issue 12, done-when (time): a newcomer who opens the demo in Arabic sees a deadline as
day, month name, year in Moroccan time with its zone and how long is left; the Spanish compose
form sends with the review and retention dates it came with."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

SUBJECT = "طلب عاجل: التحقق من مالك السيارة"
# Month names as the Arabic pages write them (strait/timefmt.py, Moroccan usage).
MOROCCAN_MONTHS = "يناير|فبراير|مارس|أبريل|ماي|يونيو|يوليوز|غشت|شتنبر|أكتوبر|نونبر|دجنبر"


def test_an_arabic_deadline_is_moroccan_time_with_its_zone_and_countdown(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]
    page = new_page(browser, locale="ar-MA")
    log_in(page, ma, "dgst.analyst")
    switch_language(page, "ar")

    # Compose in Arabic: the pre-filled review and retention dates are there as the browser
    # reads them (ISO), so nothing about them needs touching.
    page.goto(f"{ma.url}/exchange/compose/?channel=direct-dgst-cgi")
    form = page.locator("form.compose-form")
    for name in ("review_date", "retention_date"):
        value = form.locator(f"input[name={name}]").input_value()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (name, value)
    form.locator(f"input[name=recipients][value='{cgi_pk}']").check()
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=urgency]").select_option("urgent_direct")
    form.locator("select[name=language]").select_option("ar")
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=body]").fill("المرجو التحقق من مالك السيارة 12345-أ-6.")
    form.locator("select[name=crime_area]").select_option("drugs")
    form.locator("input[name=purpose]").fill("تحقيق في تهريب المخدرات")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))

    # The thread: sent and due in Moroccan time, the zone named, the time left counted.
    due = page.locator(".message-head .due").first
    text = due.inner_text()
    assert re.search(
        rf"\d{{1,2}} ({MOROCCAN_MONTHS}) \d{{4}}، \d{{2}}:\d{{2}} \(الدار البيضاء\)", text
    ), text
    # Eight hours for an urgent request with the data at hand: "in 7 h 59 min", in Arabic.
    assert re.search(r"(?<!\d)7(?!\d).*(?<!\d)5\d(?!\d)", due.locator(".countdown").inner_text())
    stamp = due.locator("time").get_attribute("datetime") or ""
    assert re.search(r"[+-]0[01]:00$", stamp), stamp  # Casablanca's offset, not UTC's
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", page.locator("main").inner_text())
    page.screenshot(path=str(artifacts / "time-thread-deadline-ar.png"), full_page=True)

    page.goto(f"{ma.url}/exchange/deadlines/")
    row = page.locator("table.messages-table tr", has_text=SUBJECT)
    assert "(الدار البيضاء)" in row.inner_text()
    page.screenshot(path=str(artifacts / "time-deadlines-ar.png"), full_page=True)


def test_the_spanish_compose_form_sends_with_its_prefilled_dates(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    es = demo_world["es"]
    dgst_pk = es.query("SELECT id FROM agencies_agency WHERE code = ?", ("ma-dgst",))[0][0]
    page = new_page(browser, locale="es-ES")
    log_in(page, es, "cgi.analyst")
    switch_language(page, "es")
    page.goto(f"{es.url}/exchange/compose/?channel=direct-dgst-cgi")
    form = page.locator("form.compose-form")
    form.locator(f"input[name=recipients][value='{dgst_pk}']").check()
    form.locator("select[name=kind]").select_option("information")
    form.locator("input[name=subject]").fill("Vehículo visto en Algeciras")
    form.locator("textarea[name=body]").fill("Vehículo con matrícula 1234-ABC visto en el puerto.")
    form.locator("select[name=crime_area]").select_option("drugs")
    form.locator("input[name=purpose]").fill("Investigación de tráfico de drogas")
    form.locator("select[name=source_reliability]").select_option("B")
    form.locator("select[name=information_credibility]").select_option("2")
    page.screenshot(path=str(artifacts / "time-compose-es.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))
    # The thread writes the dates with a Spanish month name, the time in Madrid's zone.
    head = page.locator(".message-head").first.inner_text()
    assert "(Madrid)" in head, head
