from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0007_footnote_rows_follow_the_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="essay",
            name="import_key",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddConstraint(
            model_name="essay",
            constraint=models.UniqueConstraint(
                condition=models.Q(("import_key", ""), _negated=True),
                fields=("import_key",),
                name="essays_essay_import_key_unique",
            ),
        ),
        migrations.CreateModel(
            name="OldAddress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("path", models.CharField(help_text='A path, or "/?p=ID" for a WordPress query.', max_length=500, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("essay", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="old_addresses", to="essays.essay")),
            ],
            options={
                "verbose_name_plural": "old addresses",
                "ordering": ["path"],
                "permissions": [("import_wordpress", "Can import a WordPress export")],
            },
        ),
    ]
