"""What the manifests listen to: the partner's answers to a sailing's batch of hit/no-hit
checks (``checks.signals.batch_answered``) fill in the sailing's pending partner findings."""

from __future__ import annotations

from strait.checks.signals import batch_answered
from strait.ports import screening

batch_answered.connect(screening.on_batch_answered, dispatch_uid="ports.manifest_answers")
