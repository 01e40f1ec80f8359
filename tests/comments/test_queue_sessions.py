"""Sessions are read from the cache only when every worker shares it (config/settings/)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.comments.factories import CommentFactory
from tests.test_settings import PRODUCTION_ENV, read_settings

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        (None, "django.contrib.sessions.backends.db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("filecache:///tmp/marginalia-settings-test-cache", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/2", "django.contrib.sessions.backends.cached_db"),
        ("pymemcache://127.0.0.1:11211", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_cached_only_in_a_cache_every_worker_shares(cache_url, engine):
    env = PRODUCTION_ENV | ({"CACHE_URL": cache_url} if cache_url else {})
    assert read_settings(env, "settings.SESSION_ENGINE") == engine


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_cached_session_saves_the_queue_a_query_and_a_logout_ends_it(
    settings, moderator, django_assert_num_queries
):
    CommentFactory.create_batch(3)
    by_database = staff_client(moderator)
    by_database.get(CHANGELIST)  # permission caches and compiled queries warm up
    with django_assert_num_queries(11):
        assert by_database.get(CHANGELIST).status_code == 200

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    by_cache = staff_client(moderator)
    by_cache.get(CHANGELIST)
    with django_assert_num_queries(10):
        assert by_cache.get(CHANGELIST).status_code == 200

    by_cache.post(reverse("admin:logout"))
    assert by_cache.get(CHANGELIST).status_code == 302  # to the login page
