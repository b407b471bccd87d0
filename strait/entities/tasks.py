"""Background work of the entities app, run by ``strait worker``."""

from __future__ import annotations

from datetime import timedelta

from strait.entities import actions
from strait.worker import periodic


@periodic(every=timedelta(hours=1), name="entities.erase_expired")
def erase_expired() -> int:
    """DP-02: records past their retention date are erased (audited, by the node)."""
    return actions.erase_expired()
