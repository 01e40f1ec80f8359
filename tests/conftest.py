import pytest
from django.core.cache import cache

from essays import images
from tests.factories import EssayFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def essay(db):
    return EssayFactory()


@pytest.fixture
def editor(db):
    return StaffFactory(username="editor", group="Editors")


@pytest.fixture
def moderator(db):
    return StaffFactory(username="moderator", group="Moderators")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads and their renditions in a temporary folder, with no renditions remembered."""
    settings.MEDIA_ROOT = tmp_path
    images._memo.clear()
    return tmp_path


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def restore_roles() -> None:
    """Recreate the Editors and Moderators groups as the data migrations make them.

    Transactional tests (the live server ones) flush every table, including the groups and
    permissions that migrations created; tests that need the roles call this first.
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    editor_models = import_module("essays.migrations.0002_editor_and_moderator_groups")
    revision_perms = import_module("essays.migrations.0009_revisions_and_corrections")
    media_models = import_module("essays.migrations.0011_media_library")
    moderator_perms = import_module("comments.migrations.0002_moderator_permissions")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        Permission.objects.filter(
            content_type__app_label="essays",
            content_type__model__in=[*editor_models.EDITOR_MODELS, *media_models.EDITOR_MODELS],
        )
    )
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="essays", codename__in=revision_perms.EDITOR_PERMISSIONS
        )
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.set(
        Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=moderator_perms.MODERATOR_PERMISSIONS,
        )
    )
