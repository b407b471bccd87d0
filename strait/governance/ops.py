"""A governing body as a shared type (``governance.body``): its ops, each with its body, the
right it needs, its check and its effect. Registered with ``strait.sharing`` by
``GovernanceConfig.ready``.

The home is the node whose secretariat created the body, the lead its agency; the co-chairs and
member agencies take part as participants (EDIT: meetings, minutes, recommendations, actions,
evidence, courses, documents); ``members_only=False``: every user of a member agency with the
governance permission sees the body, its meetings and its follow-up.
"""

from __future__ import annotations

from django.urls import reverse

from strait.governance import effects, wire
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register, shared_type

KIND = "governance.body"

CREATE = "governance.create"

OPS: tuple[Op, ...] = (Op(CREATE, wire.CreateBody, Right.MANAGE, apply=effects.create),)


def url(obj: SharedObject) -> str:
    return reverse("governance:body", kwargs={"uid": obj.uid})


BODY = SharedType(KIND, ops=OPS, members_only=False, url=url)


def register_type() -> None:
    if shared_type(KIND) is None:
        register(BODY)
