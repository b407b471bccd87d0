"""The link chart's data: an operation's entities and relations as the page's script draws them
(``operations/linkchart.js``).

The caller has the operation from ``queries.operation`` (scoped to the user); everything here is
the operation's own rows, identical on every participating node. Rows are read as plain values
(no model objects): 2,000 entities and 5,000 relations are two queries and a few milliseconds.
"""

from __future__ import annotations

from typing import Any

from strait.operations import codes
from strait.operations.models import Operation


def relation_kinds() -> dict[str, str]:
    """Each relation kind and its name in the reader's language, in the vocabulary's order."""
    return {value: str(label) for value, label in codes.RelationKind.choices}


def chart(op: Operation) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...], "kinds": {...}}``: what chart.json answers.

    A node is an entity (its uid, its label in the script it was written in, ``rtl`` when that
    script is Arabic, its kind, owner and handling code); an edge is a relation between two of
    them (its uid, the two entities' uids, its kind, the kind's name, the date it was observed
    or None)."""
    uids: dict[int, str] = {}
    nodes: list[dict[str, Any]] = []
    for pk, uid, label, kind, script, owner, handling in op.entities.order_by("id").values_list(
        "id", "uid", "label", "kind", "script", "owner_agency", "handling"
    ):
        uids[pk] = str(uid)
        nodes.append(
            {
                "id": str(uid),
                "label": label,
                "kind": kind,
                "rtl": script == codes.Script.ARABIC,
                "owner": owner,
                "handling": handling,
            }
        )
    kinds = relation_kinds()
    edges: list[dict[str, Any]] = []
    for uid, source, target, kind, observed_on in op.relations.order_by("id").values_list(
        "uid", "source_id", "target_id", "kind", "observed_on"
    ):
        if source not in uids or target not in uids:
            continue  # cannot happen: a relation goes when either end is withdrawn
        edges.append(
            {
                "id": str(uid),
                "source": uids[source],
                "target": uids[target],
                "kind": kind,
                "label": kinds.get(kind, kind),
                "on": observed_on.isoformat() if observed_on else None,
            }
        )
    return {"nodes": nodes, "edges": edges, "kinds": kinds}
