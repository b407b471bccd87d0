"""The events app in the JSON API (`/api/v1/events/`)."""

from ninja import Router

router = Router(tags=["events"])
