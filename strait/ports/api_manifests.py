"""Manifests and their screening in the JSON API (``/api/v1/ports/``)."""

from ninja import Router

router = Router(tags=["ports"])
