"""The dashboard and the follow-up in the JSON API (``/api/v1/governance/``)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["governance"])
