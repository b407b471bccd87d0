"""The alerts part of the JSON API (`/api/v1/alerts/`)."""

from ninja import Router

router = Router(tags=["alerts"])
