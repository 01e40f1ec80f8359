"""Create the Editors and Moderators groups; Editors get every essay permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = ["essay", "author", "topic", "source", "footnote"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    Group.objects.get_or_create(name="Moderators")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="essays", content_type__model__in=EDITOR_MODELS
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
