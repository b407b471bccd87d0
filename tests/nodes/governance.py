"""Node-side code of governance's two-node test (tests/governance/test_done_when.py): what a
node's user sees of the demo's bodies, recommendations, evidence, minutes and cadence, a live
recommendation recorded, and the Strategic Committee's report written to a file."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.utils import translation

from strait.governance import actions, cadence, followup, minutes, queries, report
from strait.governance.demo_data import MARRAKECH_2014, STRATEGIC
from strait.governance.demo_meetings import MEETINGS
from tests.nodes.common import user

MARRAKECH = next(m for m in MEETINGS if m.key == MARRAKECH_2014)
MARRAKECH_ON = dt.date(2014, 3, 7)


def recommendations(username: str, body: str = STRATEGIC) -> list[dict[str, Any]]:
    """The body's recommendations as ``username`` sees them, with actions and evidence."""
    reader = user(username)
    found = queries.bodies(reader).filter(code=body).first()
    if found is None:
        return []
    rows = []
    for rec in found.recommendations.select_related("meeting").order_by("number"):
        actions_ = []
        for action in rec.actions.all():
            live = list(action.evidence.filter(removed_at__isnull=True))
            actions_.append(
                {
                    "title": action.title,
                    "status": action.status,
                    "evidence": [
                        {"kind": s.evidence.kind, "label": s.label, "visible": s.visible}
                        for s in followup.shown(reader, live)
                    ],
                }
            )
        rows.append(
            {
                "uid": str(rec.uid),
                "number": rec.number,
                "texts": rec.texts,
                "meeting": f"{rec.meeting.place} {rec.meeting.starts_on}" if rec.meeting else "",
                "actions": actions_,
            }
        )
    return rows


def record_recommendation(username: str, number: str, texts: dict[str, str]) -> dict[str, Any]:
    """A recommendation of the Marrakech session, recorded now through the action: its uid and
    the wall-clock time the action returned (applied on ma, the home, and sent)."""
    secretary = user(username)
    body = queries.bodies(secretary).get(code=STRATEGIC)
    meeting = body.meetings.get(starts_on=MARRAKECH_ON, place=MARRAKECH.place)
    made = actions.add_recommendation(secretary, body, texts=texts, number=number, meeting=meeting)
    return {"uid": str(made.body["uid"]), "at": time.time()}


def signatures(username: str) -> dict[str, Any]:
    """The Marrakech minutes' signatures as ``username``'s node checks them."""
    reader = user(username)
    body = queries.bodies(reader).get(code=STRATEGIC)
    meeting = body.meetings.get(starts_on=MARRAKECH_ON, place=MARRAKECH.place)
    return {
        "version": meeting.minutes_version,
        "fully_signed": minutes.fully_signed(meeting),
        "signatures": [
            {"agency": s.agency, "node": s.node, "chair": s.chair, "valid": valid, "void": void}
            for s, valid, void in minutes.signatures(meeting)
        ],
    }


def standings(username: str) -> dict[str, str]:
    """Each visible body's cadence state, by code."""
    reader = user(username)
    return {s.body.code: s.state for s in cadence.standings(queries.bodies(reader))}


def dashboard_page(username: str) -> str:
    """The dashboard as ``username`` gets it once logged in with both factors: the status and
    the page's HTML (through Django's test client, in the node)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from strait.accounts.sessions import register_session

    reader = user(username)
    device = TOTPDevice.objects.get(user=reader, confirmed=True)  # the demo's second factor
    client = Client()
    client.force_login(reader, backend="strait.accounts.backends.NormalisedUsernameBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # both factors done, as at login
    register_session(session, reader)
    session.save()
    response = client.get("/governance/", HTTP_HOST="127.0.0.1")
    return f"{response.status_code}\n{response.content.decode()}"


def write_report(username: str, language: str, path: str, year: int = 2014) -> int:
    """The Strategic Committee's report for ``year`` in ``language``, written to ``path``."""
    reader = user(username)
    body = queries.bodies(reader).get(code=STRATEGIC)
    with translation.override(language):
        data = report.render_pdf(reader, body, dt.date(year, 1, 1), dt.date(year, 12, 31), language)
    Path(path).write_bytes(data)
    return len(data)


def publish_statement(username: str, fmt: str, path: str) -> int:
    """The Marrakech session's joint statement, published by ``username``, written to ``path``."""
    reader = user(username)
    body = queries.bodies(reader).get(code=STRATEGIC)
    meeting = body.meetings.get(starts_on=MARRAKECH_ON, place=MARRAKECH.place)
    data = actions.publish_statement(reader, meeting, fmt)
    Path(path).write_bytes(data)
    return len(data)
