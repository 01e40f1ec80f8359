"""The media library (MediaItem), the hero chosen from it, and the Editors' rights over it.

Moderators get nothing here: the library is the editors' (tests/essays/test_media_admin.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Read by tests.conftest.restore_roles too.
EDITOR_MODELS = ["mediaitem"]


def grant_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    essays = apps.get_app_config("essays")
    essays.models_module = True
    create_permissions(essays, verbosity=0, apps=apps)
    essays.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="essays", content_type__model__in=EDITOR_MODELS
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('essays', '0010_essay_search_index'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MediaItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(height_field='height', upload_to='library/%Y/', width_field='width')),
                ('alt', models.CharField(help_text='What the image shows, for readers who cannot see it.', max_length=250, verbose_name='alt text')),
                ('caption', models.CharField(blank=True, help_text='Shown under the image wherever it is placed.', max_length=300)),
                ('credit', models.CharField(blank=True, help_text='For example "Photo: Jane Doe / Agency".', max_length=200)),
                ('width', models.PositiveIntegerField(default=0, editable=False)),
                ('height', models.PositiveIntegerField(default=0, editable=False)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'image',
                'verbose_name_plural': 'images',
                'ordering': ['-uploaded_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='essay',
            name='hero_media',
            field=models.ForeignKey(blank=True, help_text='Its alt text, caption and credit come with it; it replaces an image uploaded below.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hero_of', to='essays.mediaitem', verbose_name='hero image from the library'),
        ),
        migrations.AddConstraint(
            model_name='mediaitem',
            constraint=models.CheckConstraint(condition=models.Q(('alt', ''), _negated=True), name='essays_mediaitem_alt_not_empty'),
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
