"""Training totals, the library and the committee reports in the JSON API
(``/api/v1/governance/``)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["governance"])
