"""Security tests: the admin login locks a user name out, from one address, after failures."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
ATTACKER = "203.0.113.9"


@pytest.fixture
def editor():
    return StaffFactory(username="editor")


def log_in(client, password, *, ip=ATTACKER, username="editor", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **headers,
    )


def fail_five_times(client, **kwargs):
    statuses = [log_in(client, f"guess {n}", **kwargs).status_code for n in range(5)]
    # The fifth failure (AXES_FAILURE_LIMIT) already answers with the lockout page.
    assert statuses == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_correct_password_is_refused_after_five_failures(client, editor):
    fail_five_times(client)

    response = log_in(client, PASSWORD)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed logins" in response.text
    assert "Try again in 1\xa0hour" in response.text
    assert not is_logged_in(client)


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(client, editor):
    for n in range(4):
        log_in(client, f"guess {n}")
    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND
    client.logout()

    for n in range(4):
        log_in(client, f"guess {n}")
    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_axes_reset_lifts_the_lock(client, editor):
    fail_five_times(client)
    assert log_in(client, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS

    call_command("axes_reset", verbosity=0)

    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND
    assert is_logged_in(client)


def test_axes_reset_username_lifts_the_lock_of_one_user(client, editor):
    fail_five_times(client)
    call_command("axes_reset_username", "editor", verbosity=0)
    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_the_editor_can_still_log_in_from_another_address(client, editor):
    fail_five_times(client)

    response = log_in(client, PASSWORD, ip="198.51.100.77")

    assert response.status_code == HTTPStatus.FOUND
    assert is_logged_in(client)


def test_another_user_from_the_attacker_address_is_not_locked_out(client, editor):
    StaffFactory(username="moderator")
    fail_five_times(client)
    assert log_in(client, PASSWORD, username="moderator").status_code == HTTPStatus.FOUND


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, editor):
    # Failures are counted by REMOTE_ADDR (config.login_throttle.client_ip), not by a header
    # the client writes itself.
    for n in range(5):
        log_in(client, f"guess {n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_force_login_still_works_for_tests_and_sessions(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
