"""The moderation queue's flagged spam, the blatant-spam tab and its purge, by index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderator_permissions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["status", "verdict", "checked_at"], name="comments_co_status_d4be72_idx"
            ),
        ),
    ]
