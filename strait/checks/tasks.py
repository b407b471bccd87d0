"""Background work of the checks app (run by ``strait worker``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from strait.checks import actions, batch
from strait.worker import periodic


@periodic(every=timedelta(minutes=5), name="checks.erase_batches")
def erase_batches() -> int:
    """Batches past their ``erase_after`` (travellers are not suspects): the partners' batch
    checks without a hit answered here, and our own batches their caller has not erased yet.
    A bounded amount per run; returns how many checks went."""
    now = timezone.now()
    erased = batch.erase_incoming_due(now)
    for due in batch.batches_due(now):
        erased += actions.erase_batch(due, reason="erase_after")
    return erased
