from django.db import migrations, models
from django.db.models import F


def asked_when_created(apps, schema_editor):
    """Requests made before this field were mailed as they were made."""
    Subscription = apps.get_model("comments", "Subscription")
    Subscription.objects.filter(confirmed_at__isnull=True).update(asked_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0017_spam_history_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="asked_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(asked_when_created, migrations.RunPython.noop),
    ]
