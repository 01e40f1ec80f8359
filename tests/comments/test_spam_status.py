"""The spam service's state lives in one database row, and moderators see its warnings."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

from comments.models import SpamServiceState
from comments.spam import status
from comments.spam.health import spam_service_status

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
INDEX = reverse("admin:index")


def test_what_one_process_records_is_in_the_database_not_the_cache(settings):
    settings.SPAM_CHECKER = "akismet"
    status.record_success(alert_code="10003", alert_message="Pay your bill.")
    cache.clear()  # another process, or a local-memory cache, never had it
    assert SpamServiceState.objects.get().state["alert"]["code"] == "10003"
    report = spam_service_status()
    assert (report["level"], report["alert"]["message"]) == ("warning", "Pay your bill.")


def test_a_success_is_written_at_most_once_a_minute_unless_the_alert_changes(
    django_assert_num_queries,
):
    status.record_success()
    with django_assert_num_queries(1):  # read only
        status.record_success()
    status.record_success(alert_code="10001", alert_message="Over quota.")
    assert status.current()["alert"]["code"] == "10001"
    status.record_success()
    assert status.current()["alert"] is None


def test_failures_and_key_checks_keep_each_others_fields():
    status.record_key(valid=False, message="rejected")
    status.record_failure("timeout " * 200)
    state = status.current()
    assert (state["key"], state["key_message"]) == ("invalid", "rejected")
    assert len(state["last_error"]["message"]) == 500
    status.reset()
    assert status.current() == {}


@pytest.mark.parametrize("url", [CHANGELIST, INDEX])
def test_moderators_see_a_banner_when_the_key_is_rejected(moderator_client, settings, url):
    settings.SPAM_CHECKER = "akismet"
    status.record_key(valid=False, message="The service said invalid.")
    text = moderator_client.get(url).text
    assert 'class="cm-service cm-service--error" role="alert"' in text
    assert "Spam check not working:" in text and "AKISMET_API_KEY" in text


def test_an_account_alert_is_a_warning_banner(moderator_client, settings):
    settings.SPAM_CHECKER = "akismet"
    status.record_success(alert_code="10003", alert_message="Pay <b>your</b> bill.")
    text = moderator_client.get(CHANGELIST).text
    assert "cm-service--warning" in text
    assert "Pay &lt;b&gt;your&lt;/b&gt; bill." in text


@pytest.mark.parametrize("url", [CHANGELIST, INDEX])
def test_no_banner_when_all_is_well(moderator_client, url):
    response = moderator_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "cm-service" not in response.text


def test_editors_see_no_banner(editor_client, settings):
    settings.SPAM_CHECKER = "akismet"
    status.record_key(valid=False)
    assert "cm-service" not in editor_client.get(INDEX).text
