"""The spam service's state (key, alerts, errors) in one row every process sees."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0010_comment_import_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpamServiceState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("state", models.JSONField(default=dict)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "spam service state",
            },
        ),
    ]
