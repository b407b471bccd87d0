"""Issue 12: a record's handling conditions (H3 states its restrictions), and what an import does
with rows the agency already holds (ask, update or skip), with its counts."""

from typing import Any

from django.db import migrations, models

CONDITIONS = "handling_conditions"
KINDS = ("address", "aircraft", "document", "emailaddress", "organisation", "phone", "vehicle")


def conditions() -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(blank=True, max_length=500, verbose_name="handling conditions")


def add_person_conditions(apps: Any, schema_editor: Any) -> None:
    # SQLite adds a NOT NULL column by rebuilding the table, which the person-change triggers of
    # migration 0003 (on entities_personname, naming entities_person) do not survive: there the
    # column is added in place; PostgreSQL adds it in place anyway.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE entities_person ADD COLUMN handling_conditions varchar(500) "
            "NOT NULL DEFAULT ''"
        )
        return
    field = conditions()
    field.set_attributes_from_name(CONDITIONS)
    schema_editor.add_field(apps.get_model("entities", "Person"), field)


def drop_person_conditions(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute("ALTER TABLE entities_person DROP COLUMN handling_conditions")


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_person_changes")]

    operations = [
        *(
            migrations.AddField(model_name=kind, name=CONDITIONS, field=conditions())
            for kind in KINDS
        ),
        migrations.AddField(model_name="vessel", name=CONDITIONS, field=conditions()),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="person", name=CONDITIONS, field=conditions())
            ],
            database_operations=[
                migrations.RunPython(add_person_conditions, drop_person_conditions)
            ],
        ),
        migrations.AddField(
            model_name="importbatch",
            name="on_existing",
            field=models.CharField(
                choices=[
                    ("ask", "Stop and list them, importing nothing"),
                    ("update", "Update the records already held"),
                    ("skip", "Skip them, import only the new rows"),
                ],
                default="ask",
                max_length=6,
            ),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="skipped_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="updated_count",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
