"""Issue 12, robust pages: one 300-character token with no space in it (a subject, a text, a
name, a file name, a purpose) must wrap or be cut on every list page, in Arabic and in Spanish;
it must never make the page wider than the window (it widened the partner's inbox and deadlines
pages to 3,905 px)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strait.checks.demo import PORT_CHANNEL
from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, poll, switch_language

pytestmark = pytest.mark.browser

WIDTH = 1280
TOKEN = ("Operacion-ESTRECHO-" + "0123456789ABCDEFGHIJ" * 15)[:300]
FILENAME = TOKEN[:190] + ".txt"

# A person record (names, place of birth, purpose) and a person check, each holding the token,
# written on the Spanish node through its actions, as its own users would.
SEED_ES = """
import datetime as dt
from django.utils import timezone
from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.checks.actions import Ask, send_check
from strait.entities.actions import create_person
from strait.entities.validation import Markings, NameDraft, PersonDraft
from strait.exchange.models import Channel

token = {token!r}
today = timezone.localdate()
markings = Markings(
    handling="H0", purpose=token, subject_category="suspect", fact_or_assessment="fact",
    source_reliability="B", information_credibility="2",
    review_date=today + dt.timedelta(days=200), retention_date=today + dt.timedelta(days=900),
)
analyst = User.objects.get(username="cgi.analyst")
person = create_person(
    PersonDraft(markings=markings, names=[NameDraft(full_name=token)], place_of_birth=token[:200]),
    acting_user=analyst,
)
officer = User.objects.get(username="gc.officer")
check = send_check(
    Ask(kind="person", channel=Channel.objects.get(code={channel!r}),
        recipients=[Agency.objects.get(code="ma-dgsn")], purpose=token, names=[token[:200]]),
    acting_user=officer,
)
print("seeded", person.uid, check.uid)
"""


def _width(page: Any) -> tuple[int, int]:
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def _visit_all(
    page: Any, base: str, paths: list[str], who: str, too_wide: list[str], artifacts: Path
) -> None:
    for language in ("ar", "es"):
        switch_language(page, language)
        for path in paths:
            response = page.goto(base + path)
            if response is None or response.status != 200:
                too_wide.append(f"{who} {language} {path}: HTTP {response and response.status}")
            scroll, client = _width(page)
            if scroll > client or scroll > WIDTH:
                too_wide.append(f"{who} {language} {path}: {scroll} px")
            name = re.sub(r"[^a-z0-9]+", "-", path.split("?")[0]).strip("-") or "home"
            if "threads" in name or "incoming-" in name or "checks-" in name:
                name = name[:30]
            page.screenshot(path=str(artifacts / f"long-{who}-{name}-{language}.png"))


def test_a_300_character_token_widens_no_list_page(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]

    # --- Rabat: an urgent request whose subject, text, about and attachment hold the token ---
    salma = new_page(browser, width=WIDTH)
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "en")
    salma.goto(f"{ma.url}/exchange/compose/?channel=direct-dgst-cgi")
    form = salma.locator("form.compose-form")
    form.locator(f"input[name=recipients][value='{cgi_pk}']").check()
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=urgency]").select_option("urgent_direct")
    form.locator("select[name=language]").select_option("es")
    form.locator("input[name=subject]").fill(TOKEN)
    form.locator("textarea[name=body]").fill(TOKEN)
    form.locator("select[name=crime_area]").select_option("terrorism")
    form.locator("input[name=about_person]").fill(TOKEN[:200])
    form.locator("input[name=attachments]").set_input_files(
        [{"name": FILENAME, "mimeType": "text/plain", "buffer": b"an attached note\n"}]
    )
    form.locator("select[name=handling]").select_option("H1")
    form.locator("input[name=purpose]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    salma.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))
    uid = salma.url.rstrip("/").rsplit("/", 1)[-1]

    seeded = es.strait("shell", "-c", SEED_ES.format(token=TOKEN, channel=PORT_CHANNEL))
    person_uid, check_uid = seeded.rsplit("seeded", 1)[1].split()

    too_wide: list[str] = []
    _visit_all(
        salma,
        ma.url,
        [
            "/exchange/sent/",
            "/exchange/deadlines/",
            f"/exchange/threads/{uid}/",
            f"/exchange/search/?q={TOKEN[:60]}",
            "/exchange/channels/",
        ],
        "ma-dgst-analyst",
        too_wide,
        artifacts,
    )

    # --- Madrid: the partner's inbox, deadlines, thread and search; records; checks ---------
    lucia = new_page(browser, width=WIDTH)
    log_in(lucia, es, "cgi.analyst")
    row = lucia.locator(f"table.messages-table a[href$='/{uid}/']")
    poll(lucia, f"{es.url}/exchange/", lambda: row.count() == 1, "the request in the CGI inbox")
    _visit_all(
        lucia,
        es.url,
        [
            "/exchange/",
            "/exchange/deadlines/",
            f"/exchange/threads/{uid}/",
            f"/exchange/search/?q={TOKEN[:60]}",
            "/entities/",
            f"/entities/person/{person_uid}/",
        ],
        "es-cgi-analyst",
        too_wide,
        artifacts,
    )

    javier = new_page(browser, width=WIDTH)
    log_in(javier, es, "gc.officer")
    _visit_all(
        javier, es.url, ["/checks/", f"/checks/{check_uid}/"], "es-gc-officer", too_wide, artifacts
    )

    hicham = new_page(browser, width=WIDTH)
    log_in(hicham, ma, "dgsn.analyst")
    incoming = hicham.locator("table.messages-table tbody tr")
    poll(hicham, f"{ma.url}/checks/incoming/", lambda: incoming.count() > 0, "the partner's check")
    _visit_all(hicham, ma.url, ["/checks/incoming/"], "ma-dgsn-analyst", too_wide, artifacts)

    for username, paths in (
        ("es.auditor", ["/audit/", f"/audit/?target={person_uid}"]),
        ("es.admin", ["/peers/", "/accounts/users/", "/agencies/"]),
    ):
        reader = new_page(browser, width=WIDTH)
        log_in(reader, es, username)
        _visit_all(reader, es.url, paths, username.replace(".", "-"), too_wide, artifacts)

    assert not too_wide, "pages wider than the window (or not shown):\n" + "\n".join(too_wide)
