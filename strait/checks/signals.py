"""What checks tells the apps built on it, so that it never imports them (as
``entities.signals`` does for checks).

``check_recorded`` is sent inside the transaction that stores a check: one this node's user sent
(``send_check``) or a partner's check this node answered (``federation.apply_query``; not one
refused for the rate limit, which keeps no query). Keyword arguments: ``agency`` (the agency
that checked, or that was asked), ``kind`` (a ``RecordKind``), ``query`` (``names`` and
``birth_date``, or ``value`` and ``country``), ``ref`` (the check's uid on this node: the
``Check``'s or the ``IncomingCheck``'s) and ``label`` (what the agency's users may be shown of
it: what was checked, for a check sent here; the partner and the reference for a partner's check,
whose content only its analysts read). The alerts app connects ``alerts.matching.on_check``: a
check matching an active alert is flagged at once.
"""

from __future__ import annotations

from django.dispatch import Signal

check_recorded = Signal()

batch_answered = Signal()
"""Sent inside the transaction that stores a partner agency's answers to items of a batch this
node sent (``batch_federation.apply_batch_answer``): ``batch`` (the ``CheckBatch``, its counts
moved on) and ``answers`` (``batch.ItemAnswer`` per item answered: the caller's ``ref``, the
agency, hit / no hit / refused, the reference). The manifests' screening connects to it."""
