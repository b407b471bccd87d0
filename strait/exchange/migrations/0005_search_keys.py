"""Search as strong as the matcher (issue 12).

- ``SearchKey``: the keys a message is found by (what it is about: case references, phones,
  plates, vessels, and the matcher's name keys of persons), filled from the existing ``About``
  rows here, and by ``effects.store`` from now on.
- ``search_text`` takes the values of what a message is about too (backfilled).
- ``search_parties``: the agencies party to a message as "@code" words (backfilled), and an
  index on the date alone, for a search walking the newest items.
- On PostgreSQL, words are looked up in a full-text index: ``search_vector``, a stored generated
  column holding the words of ``search_text`` as they are (no stemming, no parser: the text is
  already folded) and the parties of ``search_parties``, under a GIN index: "these words, among
  the items of this agency" is one intersection inside the index. It replaces the trigram
  index of migration 0003, whose column and function go: a word that begins a stored word is a
  ``'word':*`` query, and a GIN index compares lexemes byte for byte, whatever the database's
  locale.

The name keys are built by the matcher (``strait.matching.parse_name``) as ``search.name_keys``
builds them; the backfill computes them in the same way, once.
"""

from django.db import migrations, models
from django.db.models.deletion import CASCADE

CHUNK = 2000


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from strait.exchange.search import fold
    from strait.matching import parse_name

    About = apps.get_model("exchange", "About")
    Message = apps.get_model("exchange", "Message")
    SearchKey = apps.get_model("exchange", "SearchKey")
    last = 0
    while True:
        rows = list(About.objects.filter(id__gt=last).order_by("id")[:CHUNK])
        if not rows:
            return
        last = rows[-1].id
        keys = set()
        values: dict[int, list[str]] = {}
        for row in rows:
            keys.add((row.message_id, row.key))
            values.setdefault(row.message_id, []).append(row.value)
            if row.kind == "person":
                for token in parse_name(row.value):
                    keys.update((row.message_id, "n:" + s) for s in token.skeletons if s)
        SearchKey.objects.bulk_create(
            [SearchKey(message_id=m, key=k) for m, k in sorted(keys)], ignore_conflicts=True
        )
        for message in Message.objects.filter(id__in=values, erased_at__isnull=True):
            text = "\n".join([message.subject, message.body, *values[message.id]])
            Message.objects.filter(id=message.id).update(search_text=fold(text))


def backfill_parties(apps, schema_editor):  # type: ignore[no-untyped-def]
    Message = apps.get_model("exchange", "Message")
    Recipient = apps.get_model("exchange", "Recipient")
    last = 0
    while True:
        rows = list(
            Message.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "sender_agency__code")[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1][0]
        parties = {pk: [code] for pk, code in rows}
        for pk, code in Recipient.objects.filter(message_id__in=parties).values_list(
            "message_id", "agency__code"
        ):
            parties[pk].append(code)
        for pk, codes in parties.items():
            words = " ".join("@" + c for c in dict.fromkeys(codes))
            Message.objects.filter(id=pk).update(search_parties=words)


def full_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE exchange_message ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (array_to_tsvector("
        "string_to_array(search_text, ' ') || string_to_array(search_parties, ' '))) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS message_search_vector ON exchange_message "
        "USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS message_search_key_trgm")
    schema_editor.execute("ALTER TABLE exchange_message DROP COLUMN IF EXISTS search_key")
    schema_editor.execute("DROP FUNCTION IF EXISTS exchange_search_key(text)")


def no_full_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS message_search_vector")
    schema_editor.execute("ALTER TABLE exchange_message DROP COLUMN IF EXISTS search_vector")
    # Migration 0003's column and index, as it made them.
    module = __import__(
        "strait.exchange.migrations.0003_search_key_trigram_index", fromlist=["create"]
    )
    module.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0004_thread_state")]

    operations = [
        migrations.CreateModel(
            name="SearchKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=220)),
                (
                    "message",
                    models.ForeignKey(on_delete=CASCADE, related_name="+", to="exchange.message"),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key", "message"), name="search_key_once")
                ],
            },
        ),
        migrations.AddField(
            model_name="message",
            name="search_parties",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["-created_at"], name="message_created_idx"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(backfill_parties, migrations.RunPython.noop),
        migrations.RunPython(full_text, no_full_text),
    ]
