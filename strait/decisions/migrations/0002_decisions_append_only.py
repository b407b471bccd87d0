"""Refuse changing or deleting a match decision in the database itself, as the audit log does.

A decision is superseded, never rewritten. The one change let through is erasure's redaction
(``decisions.redact``): blanking ``counterpart_label`` and ``note``; any other column changed,
or either of those two changed to anything but blank, is refused.

The triggers were first made by the ``matching`` app's migration 0002, before the model moved
here: on such a database they are replaced by the same ones.
"""

from django.db import migrations

FIXED = [
    "id",
    "agency_id",
    "record_uid",
    "counterpart",
    "verdict",
    "score",
    "decided_by_id",
    "decided_at",
    "supersedes_id",
]
BLANKABLE = ["counterpart_label", "note"]


def _changed(distinct: str) -> str:
    fixed = [f"NEW.{c} {distinct} OLD.{c}" for c in FIXED]
    blankable = [f"(NEW.{c} {distinct} OLD.{c} AND NEW.{c} <> '')" for c in BLANKABLE]
    return " OR ".join(fixed + blankable)


POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION match_decision_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {_changed("IS DISTINCT FROM")} THEN
            RAISE EXCEPTION 'match decisions are append-only (UPDATE refused)';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'match decisions are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS match_decision_no_update ON matching_matchdecision;
CREATE TRIGGER match_decision_no_update BEFORE UPDATE OR DELETE ON matching_matchdecision
    FOR EACH ROW EXECUTE FUNCTION match_decision_append_only();
DROP TRIGGER IF EXISTS match_decision_no_truncate ON matching_matchdecision;
CREATE TRIGGER match_decision_no_truncate BEFORE TRUNCATE ON matching_matchdecision
    FOR EACH STATEMENT EXECUTE FUNCTION match_decision_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS match_decision_no_update ON matching_matchdecision;
DROP TRIGGER IF EXISTS match_decision_no_truncate ON matching_matchdecision;
DROP FUNCTION IF EXISTS match_decision_append_only();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER IF NOT EXISTS match_decision_no_update BEFORE UPDATE ON matching_matchdecision
       WHEN {_changed("IS NOT")}
       BEGIN SELECT RAISE(ABORT, 'match decisions are append-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER IF NOT EXISTS match_decision_no_delete BEFORE DELETE ON matching_matchdecision
       BEGIN SELECT RAISE(ABORT, 'match decisions are append-only (DELETE refused)'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS match_decision_no_update;",
    "DROP TRIGGER IF EXISTS match_decision_no_delete;",
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds a literal '%' (RAISE's placeholder), not a query parameter.
        schema_editor.execute(POSTGRES_UP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
