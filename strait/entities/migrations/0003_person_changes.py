"""A change counter per agency for its persons and their names, kept by database triggers.

Every insert, update and delete on entities_person and entities_personname (bulk_create,
queryset updates and cascades included) adds one to the agency's row of
entities_personchanges, inside the writing transaction. The checks matcher compares that one
number with the one its cached index was built at, instead of counting the agency's persons.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION entities_count_change(agency bigint) RETURNS void AS $$
BEGIN
    IF agency IS NOT NULL THEN
        INSERT INTO entities_personchanges (agency_id, count) VALUES (agency, 1)
        ON CONFLICT (agency_id) DO UPDATE SET count = entities_personchanges.count + 1;
    END IF;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION entities_person_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM entities_count_change(OLD.agency_id);
    ELSE
        PERFORM entities_count_change(NEW.agency_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION entities_person_name_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM entities_count_change(
            (SELECT agency_id FROM entities_person WHERE id = OLD.person_id));
    ELSE
        PERFORM entities_count_change(
            (SELECT agency_id FROM entities_person WHERE id = NEW.person_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER entities_person_changes AFTER INSERT OR UPDATE OR DELETE ON entities_person
    FOR EACH ROW EXECUTE FUNCTION entities_person_changed();
CREATE TRIGGER entities_person_name_changes AFTER INSERT OR UPDATE OR DELETE
    ON entities_personname FOR EACH ROW EXECUTE FUNCTION entities_person_name_changed();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS entities_person_changes ON entities_person;
DROP TRIGGER IF EXISTS entities_person_name_changes ON entities_personname;
DROP FUNCTION IF EXISTS entities_person_changed();
DROP FUNCTION IF EXISTS entities_person_name_changed();
DROP FUNCTION IF EXISTS entities_count_change(bigint);
"""

_SQLITE_AGENCY = {
    "entities_person": "{row}.agency_id",
    "entities_personname": "(SELECT agency_id FROM entities_person WHERE id = {row}.person_id)",
}


def _sqlite_trigger(table: str, event: str) -> str:
    agency = _SQLITE_AGENCY[table].format(row="OLD" if event == "DELETE" else "NEW")
    return f"""CREATE TRIGGER {table}_{event.lower()}_counted AFTER {event} ON {table}
        BEGIN
            INSERT OR IGNORE INTO entities_personchanges (agency_id, count) VALUES ({agency}, 0);
            UPDATE entities_personchanges SET count = count + 1 WHERE agency_id = {agency};
        END;"""


_EVENTS = [(t, e) for t in _SQLITE_AGENCY for e in ("INSERT", "UPDATE", "DELETE")]


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for table, event in _EVENTS:
            schema_editor.execute(_sqlite_trigger(table, event))


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for table, event in _EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{event.lower()}_counted;")


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('entities', '0002_export_request'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonChanges',
            fields=[
                ('agency', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, serialize=False, to='agencies.agency')),
                ('count', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(up, down),
    ]
