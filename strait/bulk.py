"""Many rows of one table updated by primary key, each with its own values, in one prepared
statement (``cursor.executemany``): Django's ``bulk_update`` builds a CASE per column and row,
which cost more than the rest of recording a ferry's 1,900 partner answers (docs/checks.md,
"Batches, measured"). The caller holds the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models


def update_by_pk(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, Sequence[Any]]]
) -> int:
    """``UPDATE table SET field = value, … WHERE pk = …`` for each ``(pk, values)`` of
    ``rows``, ``values`` in the order of ``fields`` (concrete fields; values as the model holds
    them: each is prepared for the database by its field). Returns how many rows were given."""
    if not rows:
        return 0
    meta = model._meta
    concrete = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in concrete)
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from the model)
    params = [
        [f.get_db_prep_save(v, connection) for f, v in zip(concrete, values, strict=True)] + [key]
        for key, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
