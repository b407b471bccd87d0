"""The work queue's three request sections in one index-only scan of the open requests
(exchange/workqueue.py): soonest deadline first, carrying the channel and the urgency."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exchange", "0005_search_keys")]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("answered_at__isnull", True), ("kind", "request")),
                fields=["deadline", "id"],
                include=("channel", "urgency"),
                name="message_open_due_idx",
            ),
        ),
    ]
