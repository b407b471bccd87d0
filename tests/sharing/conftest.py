"""A small sharing world: this node ("dev") with two agencies, and three partner nodes ma, es and
pt (each a ``RemotePeer`` whose signing key lives only in the test) with one agency each, es with
a second one. A test-only shared type, "sharing_test.note", registered once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.federation import crypto, inbox, keys
from strait.federation.models import InboxEnvelope, KeyKind, OutboxEnvelope, Peer, PeerKey
from strait.permissions import Role
from strait.sharing import changes, registry
from strait.sharing.models import ParticipantRole, SharedObject
from strait.sharing.refusals import AboveCeiling, InvalidChange
from strait.sharing.registry import Applied, Op, Right, SharedType
from strait.sharing.wire import Wire
from tests.factories import AgencyFactory, CountryFactory
from tests.federation.conftest import RemotePeer

NOTE = "sharing_test.note"
CREATE = "sharing_test.create"
ADD_LINE = "sharing_test.add_line"
RECORD = "sharing_test.record"


class CreateBody(Wire):
    title: str = pydantic.Field(min_length=1, max_length=100)


class LineBody(Wire):
    text: str = pydantic.Field(min_length=1, max_length=500)
    handling: str = "H0"


class RecordBody(Wire):
    agency: str
    count: int = pydantic.Field(ge=0)


# What the test type "holds": the lines its apply wrote, per node database. The apply writes
# nothing but this (the sharing rows are what the tests look at); a line "boom" fails to apply.
def _check_line(a: Applied) -> None:
    body: LineBody = a.body  # type: ignore[assignment]
    if body.text == "refuse me":
        raise InvalidChange("the note's own check refuses this line")
    if body.handling > a.obj.ceiling:
        raise AboveCeiling("above the ceiling")


def _apply_line(a: Applied) -> None:
    body: LineBody = a.body  # type: ignore[assignment]
    if body.text == "boom":
        raise InvalidChange("this copy cannot apply it")


def _nothing(a: Applied) -> None:
    return None


class AfterProbe:
    """What the ADD_LINE op's ``after`` saw while ``on``: (text, seq, the change row already
    stored, obj.seq). Off by default, so the query-count tests count no probe query."""

    on = False
    calls: list[tuple[str, int, bool, int]] = []


def _after_line(a: Applied) -> None:
    if not AfterProbe.on:
        return
    body: LineBody = a.body  # type: ignore[assignment]
    stored = a.obj.changes.filter(seq=a.seq).exists()
    AfterProbe.calls.append((body.text, a.seq, stored, a.obj.seq))


@pytest.fixture
def after_probe() -> Iterator[list[tuple[str, int, bool, int]]]:
    AfterProbe.on, AfterProbe.calls = True, []
    yield AfterProbe.calls
    AfterProbe.on = False


def _highest(obj: SharedObject) -> str:
    lines = [c.body.get("handling", "H0") for c in obj.changes.filter(op=ADD_LINE)]
    return max(lines, default="H0")


NOTE_TYPE = SharedType(
    NOTE,
    ops=(
        Op(CREATE, CreateBody, Right.MANAGE, _nothing),
        Op(ADD_LINE, LineBody, Right.EDIT, _apply_line, _check_line, after=_after_line),
        Op(RECORD, RecordBody, Right.EDIT, _nothing, own_agency_only=True),
    ),
    highest=_highest,
)
if registry.shared_type(NOTE) is None:
    registry.register(NOTE_TYPE)


def remote_peer(code: str, country: str) -> RemotePeer:
    peer = Peer.objects.create(
        code=code, name=code, country=country, base_url="http://127.0.0.1:9", fingerprint="x"
    )
    remote = RemotePeer(peer)
    public = crypto.public_raw(remote.signing)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.SIGNING, key_id=crypto.key_id(public), public=public
    )
    return remote


@dataclass
class World:
    here: Agency  # dev-police, this node
    other_here: Agency  # dev-customs, this node
    ma: Agency
    es: Agency
    es_other: Agency  # a second agency on es
    pt: Agency
    peers: dict[str, RemotePeer]
    analyst: User  # dev-police
    supervisor: User  # dev-police
    officer: User  # dev-police, made a member by some tests
    customs: User  # dev-customs
    make_user: Callable[..., User] = field(repr=False)

    def create(self, **kwargs: Any) -> SharedObject:
        """A note at home (this node), led by dev-police, with ma, es and pt taking part."""
        from strait.sharing import actions

        participants = kwargs.pop(
            "participants",
            [
                (self.ma, ParticipantRole.PARTICIPANT),
                (self.es, ParticipantRole.PARTICIPANT),
                (self.pt, ParticipantRole.OBSERVER),
            ],
        )
        return actions.create(
            kwargs.pop("user", self.analyst),
            NOTE,
            create_op=CREATE,
            body=kwargs.pop("body", {"title": "Cell 14"}),
            ceiling=kwargs.pop("ceiling", "H1"),
            participants=participants,
        )

    def deliver(self, node: str, kind: str, body: dict[str, Any], **header: Any) -> InboxEnvelope:
        """Feed an envelope from ``node`` through the inbox; its inbox row (status, reason)."""
        envelope = self.peers[node].envelope(body, kind=kind, **header)
        inbox.receive_batch([envelope])
        return InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"])


@pytest.fixture
def world(db: None, make_user: Callable[..., User]) -> World:
    keys.ensure_keys()
    spain = CountryFactory(code="ES", name_en="Spain")
    morocco = CountryFactory(code="MA", name_en="Morocco")
    portugal = CountryFactory(code="PT", name_en="Portugal")
    here = AgencyFactory(code="dev-police", abbreviation="DEVP", node_code="dev", country=spain)
    other = AgencyFactory(code="dev-customs", abbreviation="DEVC", node_code="dev", country=spain)
    peers = {
        "ma": remote_peer("ma", "MA"),
        "es": remote_peer("es", "ES"),
        "pt": remote_peer("pt", "PT"),
    }
    return World(
        here=here,
        other_here=other,
        ma=AgencyFactory(code="ma-dgst", abbreviation="DGST", node_code="ma", country=morocco),
        es=AgencyFactory(code="es-cgi", abbreviation="CGI", node_code="es", country=spain),
        es_other=AgencyFactory(code="es-gc", abbreviation="GC", node_code="es", country=spain),
        pt=AgencyFactory(code="pt-psp", abbreviation="PSP", node_code="pt", country=portugal),
        peers=peers,
        analyst=make_user(agency=here, role=Role.ANALYST, username="amina"),
        supervisor=make_user(agency=here, role=Role.SUPERVISOR, username="sara"),
        officer=make_user(agency=here, role=Role.OFFICER, username="omar"),
        customs=make_user(agency=other, role=Role.ANALYST, username="carlos"),
        make_user=make_user,
    )


def sent(node: str, kind: str = "sharing.change") -> list[dict[str, Any]]:
    """The bodies queued for ``node``, in sending order."""
    rows = OutboxEnvelope.objects.filter(peer__code=node, kind=kind).order_by("seq")
    return [dict(row.body) for row in rows]


def seqs(node: str) -> list[int]:
    return [body["change"]["seq"] for body in sent(node)]


@dataclass
class HomeStream:
    """A partner node ("ma") as the home of an object: it orders and signs changes as the real
    home does, with its own key, for this node to apply."""

    remote: RemotePeer
    home_agency: str
    uid: uuid.UUID = field(default_factory=uuid.uuid4)
    kind: str = NOTE
    ceiling: str = "H1"
    seq: int = 0
    digest: str = ""

    def __post_init__(self) -> None:
        self.digest = changes.digest_zero(self.uid)

    def change(self, op: str, body: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        """The next change's envelope body (the stream moves on)."""
        self.seq += 1
        wire: dict[str, Any] = {
            "seq": self.seq,
            "op": op,
            "body": body,
            "by_agency": overrides.pop("by_agency", self.home_agency),
            "by_user": "yassine",
            "by_name": "Yassine B.",
            "at": changes.format_at(datetime.now(UTC)),
            "proposal": overrides.pop("proposal", ""),
        }
        wire.update({k: v for k, v in overrides.items() if k in wire})
        wire["digest"] = changes.next_digest(self.digest, wire)
        self.digest = wire["digest"]
        public = crypto.public_raw(self.remote.signing)
        signature = crypto.sign(
            self.remote.signing, changes.signed_bytes(self.uid, self.remote.peer.code, wire)
        )
        wire["signature"] = crypto.b64e(signature)
        wire["key_id"] = crypto.key_id(public)
        return {
            "object": str(self.uid),
            "kind": self.kind,
            "home": self.remote.peer.code,
            "home_agency": self.home_agency,
            "ceiling": self.ceiling,
            "change": wire,
        }

    def opening(self, world: World) -> list[dict[str, Any]]:
        """The first changes of a note led by ma-dgst with dev-police taking part."""
        return [
            self.change(CREATE, {"title": "Go-fast"}),
            self.change(registry.ADD_PARTICIPANT, {"agency": "ma-dgst", "role": "lead"}),
            self.change(registry.ADD_PARTICIPANT, {"agency": "dev-police", "role": "participant"}),
            self.change(
                registry.ADD_MEMBER,
                {"agency": "dev-police", "username": world.analyst.username, "name": "Amina"},
            ),
        ]
