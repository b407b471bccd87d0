"""The situation part of the JSON API (`/api/v1/situation/`)."""

from ninja import Router

router = Router(tags=["situation"])
