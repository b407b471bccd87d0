"""The ports' background work: manifests erased once the centre's rule has passed."""

from __future__ import annotations

from datetime import timedelta

from strait.ports import screening
from strait.worker import periodic


@periodic(every=timedelta(minutes=5), name="ports.erase_manifests")
def erase_manifests() -> int:
    """Sailings past ``erase_after`` (upload + the centre's hours, 48 by default) are deleted
    with their travellers, vehicles, findings and the asking side's batch checks."""
    return screening.erase_expired()
