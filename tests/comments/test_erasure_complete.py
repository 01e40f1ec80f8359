"""Erasure leaves nothing behind: the whole database, the essay page and the feeds are read
back for every value that identified the commenter."""

from collections.abc import Iterator

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import BlockedCommenter, Comment, SpamFeedback, SpamModelState
from comments.services import (
    comment_approve,
    comment_edit_by_moderator,
    comment_mark_spam,
    comment_trash,
    history_record,
    spam_queue_run_once,
)
from comments.services.privacy import ERASED_NAME, privacy_erase
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
NAME = "Rosa Quillfeather"
EMAIL = "rosaq@quillmail.example"
WEBSITE = "https://quillfeather-notes.example/"
IP = "203.0.113.77"
IPV6 = "2001:db8:77:1::5"  # stored as itself, and as its /64 (ip_group)
# One word no one else uses in each comment, so any copy of any text is found.
WORDS = ["zymurgical", "xanthous", "pelerine", "quodlibet", "galimatias", "oxymel"]
TRACES = [NAME, "quillfeather", EMAIL, "quillmail", WEBSITE, IP, "2001:db8:77:1", *WORDS]


def database_values() -> Iterator[tuple[str, str, str]]:
    """(table, column, value as text) for every value in every table of the database."""
    introspection, quote = connection.introspection, connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = [column.name for column in introspection.get_table_description(cursor, table)]
            names = ", ".join(quote(column) for column in columns)
            # Table and column names come from the database itself, not from input.
            cursor.execute(f"SELECT {names} FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        yield table, column, str(value)


def traces_in_database() -> set[tuple[str, str, str]]:
    return {
        (table, column, trace)
        for table, column, value in database_values()
        for trace in TRACES
        if trace.lower() in value.lower()
    }


def traces_in(text: str) -> list[str]:
    return [trace for trace in TRACES if trace.lower() in text.lower()]


def rosa(essay, word: str, **fields) -> Comment:
    return CommentFactory(
        **{
            "essay": essay,
            "author_name": NAME,
            "author_email": EMAIL,
            "author_url": WEBSITE,
            "ip_address": IP,
            "referrer": f"{WEBSITE}reading-list",
            "body": f"My remark on the {word} passage.",
            "signals": {"honeypot": "", "seconds": 41},
        }
        | fields
    )


def reply_to(comment: Comment) -> Comment:
    return comment_approve(comment=CommentFactory(essay=comment.essay, parent=comment))


@pytest.fixture
def commenter(essay, moderator):
    """Comments of one email address in every status, with everything that copies them."""
    approved = comment_approve(comment=rosa(essay, WORDS[0]), actor=moderator)
    reply_to(approved)
    edited = f"{approved.body} Also {WORDS[1]}."
    comment_edit_by_moderator(comment=approved, actor=moderator, body=edited)
    trashed = comment_approve(comment=rosa(essay, WORDS[2]), actor=moderator)
    reply_to(trashed)
    comment_trash(comment=trashed, actor=moderator)
    spam = comment_approve(comment=rosa(essay, WORDS[3]), actor=moderator)
    reply = reply_to(spam)
    comment_mark_spam(comment=spam, actor=moderator)
    pending = rosa(essay, WORDS[4], ip_address=IPV6)
    comment_mark_spam(comment=rosa(essay, "spam"), actor=moderator)  # taught, then deleted
    rosa(essay, WORDS[5], status=Status.SPAM, verdict=Comment.Verdict.DISCARD)
    Comment.objects.filter(pk=spam.pk).update(
        spam_payload={"comment_author": NAME, "user_ip": IP, "comment_content": WORDS[3]},
        verdict_raw=f"{NAME} wrote {WORDS[3]}",
        verdict_reasons=[f"the word “{WORDS[3]}”"],
    )
    history_record(comment=approved, from_status=Status.APPROVED, reason="moderator",
                   actor=moderator, note=f"{NAME} <{EMAIL}> asked for a fix")  # fmt: skip
    history_record(comment=reply, from_status=Status.APPROVED, reason="moderator",
                   actor=moderator, note=f"answers {NAME}, see {WEBSITE}")  # fmt: skip
    BlockedCommenter.objects.create(
        email="pest@example.com", note=f"the same person as {EMAIL} from {IP}"
    )
    LogEntry.objects.log_actions(
        user_id=moderator.pk,
        queryset=Comment.objects.filter(author_email=EMAIL),
        action_flag=CHANGE,
        change_message="edited",
    )
    spam_queue_run_once()  # the spam reports teach the embedded model these comments' words
    SpamFeedback.objects.create(comment=pending, kind="spam")  # one not sent yet
    return {"approved": approved, "trashed": trashed, "spam": spam, "pending": pending}


def reader_pages(essay) -> str:
    client = Client()
    urls = [
        essay.get_absolute_url(),
        reverse("comments:feed"),
        reverse("comments:essay-feed", args=[essay.slug]),
    ]
    return "".join(client.get(url).text for url in urls)


def test_erasure_leaves_no_trace_in_any_table_page_or_feed(essay, commenter):
    assert {trace for _, _, trace in traces_in_database()} == set(TRACES)
    assert NAME in reader_pages(essay)  # and the anonymous page is now in the cache
    assert SpamModelState.objects.get().state["tokens"].get(WORDS[3])

    privacy_erase(email=EMAIL)

    assert traces_in_database() == set()
    assert traces_in(reader_pages(essay)) == []


def test_erasure_keeps_replied_comments_in_every_status_with_their_fragments_anonymised(
    essay, commenter
):
    erased = privacy_erase(email=EMAIL)

    assert (erased.anonymised, erased.deleted) == (3, 3)
    kept = Comment.objects.filter(author_name=ERASED_NAME)
    assert {comment.status for comment in kept} == {Status.APPROVED, Status.TRASH, Status.SPAM}
    for comment in kept:
        assert ERASED_NAME in comment.display_html
        assert (comment.ip_group, comment.verdict_reasons, comment.verdict_raw) == ("", [], "")
        assert not comment.history.exclude(note="").exists()
    assert not Comment.objects.filter(pk=commenter["pending"].pk).exists()


def test_erasure_keeps_a_block_of_the_address_but_not_what_its_note_says(essay, commenter):
    block = BlockedCommenter.objects.create(email=EMAIL, ip_address=IP, note=f"{NAME}, again")
    privacy_erase(email=EMAIL)
    block.refresh_from_db()
    assert (block.email, block.ip_address, block.note) == (EMAIL, IP, "[erased], again")
