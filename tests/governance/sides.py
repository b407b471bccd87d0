"""Two sides of a body: this node ("dev", the Moroccan co-chair dev-dgsn, the body's home) and a
partner node ``es`` whose signing key lives only in the test (co-chair es-pn; es-gc takes part
without co-chairing). The Spanish chair's approval arrives as a proposal through the real inbox,
as it would from a real node."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from strait.agencies.models import Agency
from strait.federation import crypto, inbox
from strait.federation.models import InboxEnvelope, KeyKind, OutboxEnvelope, Peer, PeerKey
from strait.governance import actions, minutes, ops
from strait.governance.models import Body, Meeting
from tests.factories import AgencyFactory
from tests.federation.conftest import RemotePeer
from tests.governance.conftest import World


@dataclass
class TwoSides:
    world: World
    peer: RemotePeer
    es: Agency  # es-pn, on the partner node es
    body: Body  # co-chaired by dev-dgsn (here) and es-pn (es)
    meeting: Meeting

    def refresh(self) -> Meeting:
        self.meeting.refresh_from_db()
        return self.meeting

    def spanish_signature(self, **changes: Any) -> dict[str, Any]:
        """The proposal es's node sends when its chair signs the minutes as they are now."""
        meeting = self.refresh()
        version, digest = meeting.minutes_version, minutes.digest(meeting)
        body = {
            "meeting": str(meeting.uid),
            "version": version,
            "digest": digest,
            "agency": self.es.code,
            "node": "es",
            "chair": "Francisco P.",
            "key_id": crypto.key_id(crypto.public_raw(self.peer.signing)),
        }
        body |= changes
        signed = minutes.signed_bytes(body["meeting"], body["version"], body["digest"])
        body["signature"] = crypto.b64e(crypto.sign(self.peer.signing, signed))
        body |= {k: v for k, v in changes.items() if k == "signature"}
        return {
            "proposal": str(uuid.uuid4()),
            "object": str(self.body.obj.uid),
            "op": ops.SIGN_MINUTES,
            "body": body,
            "by_agency": self.es.code,
            "by_user": "es.chair",
            "by_name": "Francisco P.",
        }

    def deliver(self, proposal: dict[str, Any]) -> InboxEnvelope:
        envelope = self.peer.envelope(proposal, kind="sharing.proposal")
        inbox.receive_batch([envelope])
        return InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"])

    def refusals(self) -> list[dict[str, Any]]:
        rows = OutboxEnvelope.objects.filter(peer__code="es", kind="sharing.refusal")
        return [dict(row.body) for row in rows.order_by("seq")]


def make_sides(world: World) -> TwoSides:
    peer = Peer.objects.create(
        code="es", name="es", country="ES", base_url="http://127.0.0.1:9", fingerprint="x"
    )
    remote = RemotePeer(peer)
    public = crypto.public_raw(remote.signing)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.SIGNING, key_id=crypto.key_id(public), public=public
    )
    es = AgencyFactory(code="es-pn", abbreviation="PN", node_code="es", country=world.es.country)
    gc = AgencyFactory(code="es-gc", abbreviation="GC", node_code="es", country=world.es.country)
    body = actions.create_body(
        world.ma_secretary,
        members=[es, gc],
        code="strategic-committee-2",
        name_ar="اللجنة الاستراتيجية",
        name_es="Comité Estratégico",
        kind="committee",
        co_chairs=[world.ma.code, es.code],
        founded_on=dt.date(2013, 11, 20),
        cadence="yearly",
    )
    change = actions.schedule_meeting(
        world.ma_secretary, body, starts_on=dt.date(2014, 3, 12), place="Marrakech", status="held"
    )
    meeting = Meeting.objects.get(uid=change.body["uid"])
    actions.write_minutes(world.ma_secretary, meeting, language="ar", text="محضر الاجتماع")
    actions.write_minutes(world.ma_secretary, meeting, language="es", text="Acta de la reunión")
    meeting.refresh_from_db()
    return TwoSides(world, remote, es, body, meeting)
