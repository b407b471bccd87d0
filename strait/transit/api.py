"""The transit app in the JSON API (`/api/v1/transit/`)."""

from ninja import Router

router = Router(tags=["transit"])
