from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comments", "0014_comment_passage_anchor")]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["essay", "status", "under_hidden_parent"],
                name="comments_comment_public_count",
            ),
        ),
    ]
