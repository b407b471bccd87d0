"""What tests/browser/test_joint_operation.py reads inside a demo node (see
tests/nodes/__init__.py): the seeds' question answered from the node's rows, counted here
without the statistics module, and where the node's copy of an operation stands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum

from strait.operations.models import Operation, Outcome, Relation
from strait.sharing import queries as shared_objects
from strait.sharing.models import Proposal
from tests.nodes.common import user


def terrorism_arrests(username: str, since: str) -> dict[str, int]:
    """People arrested on terrorism charges since ``since`` in the operations the user sees,
    and in how many operations."""
    seen = shared_objects.visible(user(username), "operations.operation")
    rows = Outcome.objects.filter(
        operation__obj__in=seen,
        kind="arrest",
        crime_category="terrorism",
        on__gte=dt.date.fromisoformat(since),
    )
    people = rows.aggregate(n=Sum("count"))["n"] or 0
    return {"people": int(people), "operations": rows.values("operation").distinct().count()}


def copy_of(code_name: str, source_text: str, place: str) -> dict[str, Any]:
    """The node's copy of the operation: its change, its digest, whether it holds the relation
    (by its source text) and the outcome (by its place), and this node's proposals of them."""
    op = Operation.objects.select_related("obj").get(code_name=code_name)
    proposals = Proposal.objects.filter(obj=op.obj)
    return {
        "uid": str(op.obj.uid),
        "seq": op.obj.seq,
        "digest": op.obj.digest,
        "relations": Relation.objects.filter(operation=op, source_text=source_text).count(),
        "outcomes": Outcome.objects.filter(operation=op, place=place).count(),
        "proposals": proposals.filter(body__source_text=source_text).count()
        + proposals.filter(body__place=place).count(),
    }


def entity_uids(code_name: str, labels: list[str]) -> list[str]:
    op = Operation.objects.get(code_name=code_name)
    found = {e.label: str(e.uid) for e in op.entities.filter(label__in=labels)}
    return [found[label] for label in labels]
