"""An operation whose home is another node ("ma"): this node's copy is built by the home's
signed changes only; a change made here is a proposal until the home's change comes back, and
the page and the API say so."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.federation import inbox, keys
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from strait.operations import ops
from strait.operations.models import Note, Operation
from strait.permissions import Role
from strait.sharing import registry
from strait.sharing.models import Proposal
from tests.api_client import Api
from tests.factories import AgencyFactory, CountryFactory
from tests.sharing.conftest import HomeStream, remote_peer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user: Callable[..., User]) -> tuple[HomeStream, User]:
    keys.ensure_keys()
    remote = remote_peer("ma", "MA")
    AgencyFactory(code="ma-dgst", abbreviation="DGST", node_code="ma", country=CountryFactory())
    spain = CountryFactory(code="ES", name_en="Spain")
    here = AgencyFactory(code="dev-cgi", abbreviation="CGI", node_code="dev", country=spain)
    analyst = make_user(agency=here, role=Role.ANALYST)
    stream = HomeStream(remote, "ma-dgst", kind=ops.KIND)
    opening = [
        stream.change(
            ops.CREATE,
            {
                "code_name": "Operation Azahar",
                "crime_area": "terrorism",
                "legal_basis": "Agreement",
                "purpose": "The recruitment cell",
            },
        ),
        stream.change(registry.ADD_PARTICIPANT, {"agency": "ma-dgst", "role": "lead"}),
        stream.change(registry.ADD_PARTICIPANT, {"agency": "dev-cgi", "role": "participant"}),
        stream.change(
            registry.ADD_MEMBER,
            {"agency": "dev-cgi", "username": analyst.username, "name": analyst.full_name},
        ),
    ]
    for body in opening:
        assert deliver(stream, body).status == "applied"
    return stream, analyst


def deliver(stream: HomeStream, body: dict[str, Any]) -> InboxEnvelope:
    envelope = stream.remote.envelope(body, kind="sharing.change", handling="H1")
    inbox.receive_batch([envelope])
    return InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"])


def test_a_change_made_here_waits_for_the_home(
    setup: tuple[HomeStream, User], verified_client: Callable[..., Client]
) -> None:
    stream, analyst = setup
    op = Operation.objects.get()
    assert op.code_name == "Operation Azahar"
    assert op.obj.home == "ma"
    url = reverse("operations:detail", kwargs={"uid": op.obj.uid})
    client = verified_client(analyst)
    posted = client.post(
        reverse("operations:note_add", kwargs={"uid": op.obj.uid}), {"text": "Seen in Tarifa"}
    )
    assert posted.status_code == 302
    page = client.get(url).content.decode()
    assert "home node" in page
    assert "waiting for the home node ma" in page
    assert not Note.objects.exists()  # nothing applied before the home orders it
    proposal = Proposal.objects.get()
    assert OutboxEnvelope.objects.filter(peer__code="ma", kind="sharing.proposal").count() == 1

    answered = Api(analyst).post(f"/operations/{op.obj.uid}/notes", {"text": "Second"})
    assert answered.status_code == 202
    assert answered.json()["status"] == "pending"
    assert uuid.UUID(answered.json()["proposal"]) in set(
        Proposal.objects.values_list("uid", flat=True)
    )

    # The home orders the first proposal: it is applied here, once.
    ordered = stream.change(
        ops.ADD_NOTE,
        proposal.body,
        by_agency="dev-cgi",
        proposal=str(proposal.uid),
    )
    assert deliver(stream, ordered).status == "applied"
    note = Note.objects.get()
    assert (note.text, note.by_agency) == ("Seen in Tarifa", "dev-cgi")
    # The copy names the author as the home did (not by their username): the change's name.
    assert note.by_name == ordered["change"]["by_name"] != ordered["change"]["by_user"]
    proposal.refresh_from_db()
    assert proposal.status == "applied"
