"""Moderators triage and edit comments, and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "view_comment",
    "change_comment",
    "delete_comment",
    "can_moderate",
    "view_statuschange",
    "view_blockedcommenter",
    "add_blockedcommenter",
    "change_blockedcommenter",
    "delete_blockedcommenter",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="comments")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("essays", "0002_editor_and_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
