"""Drop the choices list from AuditEntry.action so new audit tags need no migration."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(max_length=64, verbose_name="action"),
        ),
    ]
