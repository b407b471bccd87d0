"""Background work of the audit app (run by ``strait worker``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from strait.audit.chain import VerifyResult
from strait.audit.log import verify_stored
from strait.worker import periodic

logger = logging.getLogger("strait.audit")


@periodic(every=timedelta(minutes=10), name="audit.verify_chain")
def verify_chain() -> VerifyResult:
    """Recompute the hash chain so tampering shows in the operator's log without waiting for
    someone to run ``strait audit verify``."""
    result = verify_stored()
    if result.first_break is not None:
        logger.error(
            "audit chain broken at entry %s: %s",
            result.first_break.seq,
            result.first_break.reason,
        )
    else:
        logger.info("audit chain intact (%d entries)", result.checked)
    return result
