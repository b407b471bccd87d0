"""On PostgreSQL, search goes through ``search_key``: ``search_text`` with each folded Arabic
letter and digit mapped to an ASCII one (``search.search_key``), kept by PostgreSQL itself as a
stored generated column, under the trigram index that replaces migration 0002's.

Why: pg_trgm takes trigrams only from letters the database's LC_CTYPE knows; under the C locale
(a common default, and bin/with-postgres) no Arabic word was in the index, so an Arabic search
read every message (1.6 s with a million, benchmarks/exchange.py). A stored column rather than
an expression index: the index's recheck would otherwise run translate() on every candidate.

The column is unknown to Django (the ORM never writes it; queries.py reads it on PostgreSQL
only). The two strings are a frozen copy of ``search.KEY_FROM`` and ``search.KEY_TO``.
"""

from django.db import migrations

KEY_FROM = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويڤگڭکی٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
KEY_TO = "2abtcj75dezrsxpouv3gf9klmnhwyqggky01234567890123456789"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION exchange_search_key(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT translate($1, '{KEY_FROM}', '{KEY_TO}') $$"
    )
    schema_editor.execute(
        "ALTER TABLE exchange_message ADD COLUMN IF NOT EXISTS search_key text "
        "GENERATED ALWAYS AS (exchange_search_key(search_text)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS message_search_key_trgm ON exchange_message "
        "USING gin (search_key gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS message_search_trgm")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS message_search_trgm ON exchange_message "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute("ALTER TABLE exchange_message DROP COLUMN IF EXISTS search_key")
    schema_editor.execute("DROP FUNCTION IF EXISTS exchange_search_key(text)")


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_search_trigram_index")]
    operations = [migrations.RunPython(create, drop)]
