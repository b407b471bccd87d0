"""The match decisions' table, moved here from the ``matching`` app (which no longer has
models): it keeps its name, ``matching_matchdecision``.

A database made before the move already holds the table (``matching`` 0001); this migration
then only records the model in this app's state. A new database gets the table here.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "matching_matchdecision"


class CreateModelUnlessPresent(migrations.CreateModel):
    """``CreateModel`` that leaves an existing table (and its rows) alone."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        with schema_editor.connection.cursor() as cursor:
            tables = schema_editor.connection.introspection.table_names(cursor)
        if TABLE in tables:
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModelUnlessPresent(
            name='MatchDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('record_uid', models.UUIDField()),
                ('counterpart', models.CharField(max_length=100)),
                ('counterpart_label', models.CharField(blank=True, max_length=300)),
                ('verdict', models.CharField(choices=[('match', 'Match'), ('no_match', 'No match'), ('unsure', 'Unsure')], max_length=10, verbose_name='decision')),
                ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('score', models.FloatField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('supersedes', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='decisions.matchdecision')),
            ],
            options={
                'db_table': TABLE,
                'ordering': ['-decided_at', '-id'],
                'indexes': [models.Index(fields=['agency', 'record_uid', 'counterpart'], name='decision_pair_idx')],
            },
        ),
    ]
