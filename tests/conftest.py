import pytest

from tests.factories import EssayFactory, StaffFactory, UserFactory


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
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
