"""The ports' background work: manifests erased once the centre's rule has passed."""

from __future__ import annotations

from datetime import timedelta

from strait.ports import publishing, screening
from strait.worker import periodic


@periodic(every=timedelta(minutes=5), name="ports.erase_manifests")
def erase_manifests() -> int:
    """Sailings past ``erase_after`` (upload + the centre's hours, 48 by default) are deleted
    with their travellers, vehicles, findings and the asking side's batch checks."""
    return screening.erase_expired()


@periodic(every=timedelta(hours=1), name="ports.publish_counts")
def publish_counts() -> int:
    """Each local agency's checks asked, answered and hits of today and yesterday, proposed into
    its centres where they changed (the counters page shows both sides)."""
    return publishing.publish()
