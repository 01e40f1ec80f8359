"""How many write transactions one post takes (issue #17): on SQLite each one queues for the
single write lock, so the count is what concurrent posters wait on."""

import datetime
import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment, PostingGate
from comments.services import CommentData, RequestMeta, comment_screen, comment_submit, posting
from comments.services.posting import flood_window_claim

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def flood_window(settings):
    """On, so the count includes the flood gate's write, as on the site."""
    settings.COMMENTS_FLOOD_SECONDS = 15


def write_transactions(statements: list[str]) -> list[list[str]]:
    """The writes grouped by the outermost transaction they ran in.

    The test runs inside a transaction, so the services' atomic blocks are savepoints: a
    write inside an outermost SAVEPOINT ... RELEASE belongs to that block, and a write
    outside any is a transaction of its own (autocommit).
    """
    groups: list[list[str]] = []
    depth = 0
    current: list[str] = []
    for sql in statements:
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb == "SAVEPOINT":
            depth += 1
        elif verb == "RELEASE" or (verb == "ROLLBACK" and "SAVEPOINT" in sql.upper()):
            depth -= 1
            if depth == 0 and current:
                groups.append(current)
                current = []
        elif verb in WRITES:
            if depth:
                current.append(sql)
            else:
                groups.append([sql])
    return groups


def test_counting_separates_autocommit_writes_from_blocks():
    statements = [
        'SAVEPOINT "s1"',
        "INSERT INTO a",
        'SAVEPOINT "s2"',
        "UPDATE b",
        'RELEASE SAVEPOINT "s2"',
        'RELEASE SAVEPOINT "s1"',
        "SELECT 1",
        "UPDATE c",
        'SAVEPOINT "s3"',
        "SELECT 2",
        'RELEASE SAVEPOINT "s3"',
    ]
    assert write_transactions(statements) == [["INSERT INTO a", "UPDATE b"], ["UPDATE c"]]


def post(client, essay, **overrides):
    timestamp = signing.dumps({"essay": essay.pk, "t": time.time() - 60}, salt=TIMESTAMP_SALT)
    data = {
        "author_name": "Rosa Quill",
        "author_email": "rosa@example.com",
        "author_url": "",
        "body": "A thoughtful remark about the second section.",
        "timestamp": timestamp,
        "homepage_url": "",
    } | overrides
    return client.post(reverse("comments:post", args=[essay.slug]), data, REMOTE_ADDR="192.0.2.9")


def test_a_post_judged_in_process_takes_one_write_transaction(client, essay):
    with CaptureQueriesContext(connection) as captured:
        response = post(client, essay)
    assert response.status_code == HTTPStatus.FOUND
    groups = write_transactions([query["sql"] for query in captured.captured_queries])
    # The flood gate, the comment with its verdict and status, its root, its history.
    assert len(groups) == 1, groups
    assert any('INSERT INTO "comments_comment"' in sql for sql in groups[0])
    assert PostingGate.objects.filter(sender="192.0.2.9").exists()
    comment = Comment.objects.get()
    assert comment.check_state == Comment.CheckState.CHECKED


def test_a_post_checked_by_a_service_takes_two_write_transactions_one_each_side_of_it(
    akismet_settings, akismet_server, client, essay
):
    with CaptureQueriesContext(connection) as captured:
        response = post(client, essay)
    assert response.status_code == HTTPStatus.FOUND
    groups = [
        group
        for group in write_transactions([query["sql"] for query in captured.captured_queries])
        if not all("comments_spamservicestate" in sql for sql in group)  # the key's check
    ]
    # 1: flood gate, the comment (claimed for screening), its root, its history;
    # 2: the verdict, its history and the moderation decision.
    assert len(groups) == 2, groups
    assert any('INSERT INTO "comments_comment"' in sql for sql in groups[0])
    assert not any('INSERT INTO "comments_comment"' in sql for sql in groups[1])
    assert [request.endpoint for request in akismet_server.requests].count("comment-check") == 1
    comment = Comment.objects.get()
    assert comment.check_state == Comment.CheckState.CHECKED
    assert comment.verdict_checker == "akismet"


def submit(essay, body="Claimed as it is stored."):
    """A post that a service checks (with akismet_settings) is stored claimed for it."""
    return comment_submit(
        essay=essay,
        data=CommentData(author_name="A", author_email="a@example.com", author_url="", body=body),
        meta=RequestMeta(ip_address="192.0.2.10"),
    )


def test_a_submitted_comment_is_claimed_so_the_queue_leaves_it_to_the_poster(
    akismet_settings, essay
):
    comment = submit(essay)
    stored = Comment.objects.get(pk=comment.pk)
    # Leased: not due, so no queue worker takes it while the poster's request checks it.
    assert not Comment.objects.due_for_check().filter(pk=comment.pk).exists()
    assert stored.check_next_at > stored.submitted_at


def test_the_posting_claim_serves_one_screening_only(akismet_settings, essay):
    comment = submit(essay)
    screened = comment_screen(comment=comment)
    assert screened.check_state == Comment.CheckState.CHECKED
    Comment.objects.filter(pk=comment.pk).update(
        check_state=Comment.CheckState.UNCHECKED, check_next_at=screened.submitted_at
    )
    # A second screening must claim afresh: the posting's token is spent.
    with CaptureQueriesContext(connection) as captured:
        again = comment_screen(comment=comment)
    groups = write_transactions([query["sql"] for query in captured.captured_queries])
    assert len(groups) == 2, groups  # the claim, then the verdict
    assert again.check_attempts == 2


def test_a_stale_posting_claim_records_no_verdict(akismet_settings, essay):
    comment = submit(essay)
    # The lease ran out and a queue worker claimed the comment: its token replaced ours.
    later = comment.submitted_at + datetime.timedelta(hours=1)
    Comment.objects.filter(pk=comment.pk).update(check_next_at=later)
    screened = comment_screen(comment=comment)
    assert screened.check_state == Comment.CheckState.UNCHECKED
    assert screened.check_next_at == later


def test_the_flood_window_is_claimed_in_one_statement_and_moves_once_it_has_passed(
    django_assert_num_queries,
):
    sender, flood = "192.0.2.0", datetime.timedelta(seconds=15)
    start = timezone.now()
    with django_assert_num_queries(1):  # a new sender: their row, inserted
        assert flood_window_claim(sender=sender, now=start, flood=flood)
    later = start + datetime.timedelta(seconds=14)
    with django_assert_num_queries(1):
        assert not flood_window_claim(sender=sender, now=later, flood=flood)
    assert PostingGate.objects.get(sender=sender).last_post_at == start  # a refusal moves nothing
    assert flood_window_claim(sender=sender, now=start + flood, flood=flood)
    assert PostingGate.objects.get(sender=sender).last_post_at == start + flood
    assert flood_window_claim(sender="192.0.2.1", now=later, flood=flood)  # others unaffected


def test_the_comment_is_sanitised_and_validated_before_the_write_transaction(essay, monkeypatch):
    # SQLite's write lock is the whole database's: it is held for the statements only.
    depths = []
    real_sanitize = posting.sanitize_comment

    def sanitize_and_note_the_depth(body):
        depths.append(len(connection.atomic_blocks))
        return real_sanitize(body)

    monkeypatch.setattr(posting, "sanitize_comment", sanitize_and_note_the_depth)
    outside = len(connection.atomic_blocks)
    comment = submit(essay, body="Sanitised <b>before</b> the lock.")
    assert depths == [outside]
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body_html == "<p>Sanitised <b>before</b> the lock.</p>"
