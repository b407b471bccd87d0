"""What entities tells the apps built on it, so that it never imports them (the layers run
checks → entities, never back).

``records_erased`` is sent inside the erasing transaction with the uids of every record removed
(a person and what hung from it); a receiver must blank what it keeps of them (DP-03) in that
same transaction and return how many of its rows it changed. The checks app connects
``checks.actions.forget_records`` in its ``ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

records_erased = Signal()
