"""What the browser tests do again and again: log in with both factors, switch the language,
wait for the other node, read a node's audit log, and see which fonts Chromium drew with."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from strait.demo.world import DEMO_PASSWORD
from strait.federation.testing import LocalNode

# How long a test waits for the demo workers to carry something to the other node.
DELIVERY_TIMEOUT_MS = 30_000


def current_code(node: LocalNode, username: str) -> str:
    """What the demo tells a tester to run for a user's second factor."""
    return node.strait("totp", username).strip().split()[-1]


def new_page(browser: Any, locale: str = "en-GB", width: int = 1280, height: int = 900) -> Any:
    """A page in a fresh browser context: its own cookies, so one user each."""
    viewport = {"width": width, "height": height}
    return browser.new_context(locale=locale, viewport=viewport).new_page()


# A demo user's session, kept after a first login: a TOTP code is good once, so a second login
# of the same user within its 30-second step would be refused as a reused code.
_SESSIONS: dict[tuple[str, str], list[dict[str, Any]]] = {}


def log_in(page: Any, node: LocalNode, username: str) -> None:
    """Password, then the current TOTP code, as a demo user does; ends on the home page. A user
    who logged in before in this run gets their session back instead, when it is still good."""
    home = f"{node.url}/"
    kept = _SESSIONS.get((node.url, username))
    if kept:
        page.context.add_cookies(kept)
        page.goto(home)
        if page.url == home:
            return
        page.context.clear_cookies()
    page.goto(f"{node.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/verify/**")
    for _attempt in range(2):
        page.fill("input[name=code]", current_code(node, username))
        page.click("main button[type=submit]")
        try:
            page.wait_for_url(home, timeout=10_000)
            break
        except PlaywrightTimeout:
            # This step's code was used already (a logged-out session of this user): next step.
            time.sleep(31 - time.time() % 30)
    else:
        page.wait_for_url(home)
    _SESSIONS[(node.url, username)] = [
        c for c in page.context.cookies() if c["name"] in ("sessionid", "csrftoken")
    ]


def switch_language(page: Any, code: str) -> None:
    page.select_option("#language-select", code)
    page.click(".language-switch button[type=submit]")
    page.wait_for_load_state("networkidle")


def poll(page: Any, url: str, found: Callable[[], bool], what: str) -> None:
    """Reload ``url`` until ``found()``: the demo workers deliver across nodes within moments."""
    waited = 0
    while True:
        page.goto(url)
        if found():
            return
        if waited >= DELIVERY_TIMEOUT_MS:
            raise AssertionError(f"{what}: not there after {DELIVERY_TIMEOUT_MS / 1000:.0f}s")
        page.wait_for_timeout(250)
        waited += 250


def audit(node: LocalNode, target: str) -> set[tuple[str, str]]:
    """(action, actor) of every entry of a node's audit log about ``target``."""
    rows = node.query("SELECT action, actor FROM audit_auditentry WHERE target = ?", (target,))
    return {(str(action), str(actor)) for action, actor in rows}


def fonts_used(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium actually drew a node's text with (DevTools CSS domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])
