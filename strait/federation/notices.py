"""The first real kind: a signed notice ("ping") from a node administrator to a peer."""

from __future__ import annotations

import pydantic
from django.db import transaction

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation import notify
from strait.federation.handlers import Arrival, handles
from strait.federation.kinds import EnvelopeKind
from strait.federation.models import Notice, OutboxEnvelope, Peer
from strait.federation.outbox import send
from strait.permissions import Permission, require

KIND = EnvelopeKind.FEDERATION_NOTICE


class NoticeBody(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    text: str = pydantic.Field(min_length=1, max_length=500)
    author: str = pydantic.Field(default="", max_length=200)


def do_send_notice(peer: Peer, text: str, *, acting_user: object | None) -> Notice:
    require(acting_user, Permission.PEERS_MANAGE)
    author = str(getattr(acting_user, "full_name", "") or "")
    with transaction.atomic():
        envelope: OutboxEnvelope = send(peer, KIND, {"text": text, "author": author})
        notice = Notice.objects.create(
            peer=peer,
            direction=Notice.Direction.OUT,
            envelope_id=envelope.envelope_id,
            seq=envelope.seq,
            text=text,
            author=author,
        )
        record(
            AuditAction.NOTICE_SENT,
            actor=acting_user,
            target=f"{peer.code}:{envelope.envelope_id}",
            details={"seq": envelope.seq},
        )
    return notice


@handles(KIND, body=NoticeBody)
def apply_notice(arrival: Arrival) -> None:
    notice = Notice.objects.create(
        peer=arrival.peer,
        direction=Notice.Direction.IN,
        envelope_id=arrival.envelope_id,
        seq=arrival.seq,
        text=arrival.body.text,
        author=arrival.body.author,
    )
    notify.notice_received(notice)
