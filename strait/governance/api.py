"""Governance in the JSON API (``/api/v1/governance/``). Thin like the views: each operation
declares its permission, reads through ``queries`` and writes through ``actions``; an op answers
201 when this node is the body's home, 202 when it is a proposal on its way there."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from strait.accounts.api_auth import api_user, requires_token
from strait.governance import queries
from strait.governance import schemas as s
from strait.permissions import Permission

router = Router(tags=["governance"])

READ = requires_token(Permission.GOVERNANCE_READ)
WRITE = requires_token(Permission.GOVERNANCE_WRITE)
SIGN = requires_token(Permission.GOVERNANCE_SIGN)


@router.get("/bodies/", response=list[s.BodyOut], auth=READ, summary="Bodies you take part in")
def bodies(request: HttpRequest) -> list[s.BodyOut]:
    return [s.BodyOut.of(b) for b in queries.bodies(api_user(request))]
