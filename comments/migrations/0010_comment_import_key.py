from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_blocks_ranges_and_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="import_key",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("import_key", ""), _negated=True),
                fields=("import_key",),
                name="comments_comment_import_key_unique",
            ),
        ),
    ]
