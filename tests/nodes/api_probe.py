"""Node-side code of the API probe (tests/api/test_schemathesis.py): what the demo node lacks
for it, made by the app's own actions."""

from __future__ import annotations

from typing import Any

from strait.accounts import tokens
from strait.entities.models import Person
from strait.exchange import actions, onward
from tests.nodes.common import user
from tests.nodes.exchange import draft

CHANNEL = "liaison-es-ct-rabat"  # both of the demo node's agencies work it


def seed(callers: list[str]) -> dict[str, Any]:
    """A request with a file from DGSN to DGST, DGST's reply and consent request; a token for
    each caller; the identifiers of these objects and of one of DGSN's persons."""
    supervisor, analyst = user("dgsn.supervisor"), user("dgst.analyst")
    report = actions.attachments.Upload("list.csv", b"Registration;Owner\n1234-ABC;Rental\n")
    asked = actions.send_message(
        draft(CHANNEL, "request", ["ma-dgst"], subject="Probe item", uploads=[report]),
        acting_user=supervisor,
    )
    actions.reply(asked, draft(CHANNEL, "reply", [], subject="Re: probe"), acting_user=analyst)
    consent = onward.request_consent(
        asked, purpose="export", third_party=None, reason="For the court", acting_user=analyst
    )
    secrets = {}
    for name in callers:
        caller = user(name)
        _token, secrets[name] = tokens.create_token(caller, name="probe", acting_user=caller)
    person = Person.objects.filter(agency=supervisor.agency).first()
    assert person is not None, "the demo gives every agency persons"
    return {
        "tokens": secrets,
        "objects": {
            "message": str(asked.uid),
            "thread": str(asked.thread_uid),
            "attachment": str(asked.attachments.get().uid),
            "consent": str(consent.uid),
            "person": str(person.uid),
        },
    }
