"""The moderation queue in the admin: what moderators see (test_admin_actions.py: what each
action does)."""

import datetime
import html
import re
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.admin.columns import action_url
from comments.models import Comment, StatusChange
from comments.moderation import moderator_decided
from comments.services import comment_approve
from comments.services.screening import comment_screen
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")
# Bulk actions apply to the selected comments the current tab shows; "all" shows all.
ALL_TAB = f"{CHANGELIST}?tab=all"


def act(client, comment, action, next_url=CHANGELIST, **extra):
    url = action_url(comment, action)
    return client.post(url, {"next": next_url}, **extra)


def bulk(client, action, comments, url=ALL_TAB, **data):
    return client.post(
        url, {"action": action, "_selected_action": [c.pk for c in comments], **data}
    )


def message_texts(response):
    """The messages a request added (the test client never shows them, so they pile up)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def last_message(response):
    return message_texts(response)[-1]


def undo_token(response):
    """The signed token in the Undo button of the message an action left."""
    for text in reversed(message_texts(response)):
        match = re.search(r'name="token" value="([^"]+)"', text)
        if match:
            return html.unescape(match.group(1))
    raise AssertionError(f"no Undo in {message_texts(response)}")


def undo(client, token, next_url=CHANGELIST):
    return client.post(reverse("admin:comments_comment_undo"), {"token": token, "next": next_url})


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def row_ids(response):
    return [comment.pk for comment in response.context["cl"].result_list]


# The queue ---------------------------------------------------------------------------
def test_the_list_opens_on_pending_oldest_first(moderator_client):
    now = timezone.now()
    days = datetime.timedelta(days=1)
    newer = CommentFactory(submitted_at=now - days)
    older = CommentFactory(submitted_at=now - 3 * days)
    CommentFactory(status=Status.SPAM, verdict="spam", submitted_at=now - 5 * days)
    CommentFactory(status=Status.APPROVED)
    CommentFactory(status=Status.TRASH)

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == HTTPStatus.OK
    assert row_ids(response) == [older.pk, newer.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"pending", "unchecked"}),
        ({"tab": "pending"}, {"pending", "unchecked"}),
        ({"tab": "approved"}, {"approved"}),
        ({"tab": "spam"}, {"spam", "discard"}),
        ({"tab": "spam", "check": "discard"}, {"discard"}),
        ({"tab": "trash"}, {"trash"}),
        ({"check": "unchecked"}, {"unchecked"}),
        ({"tab": "all"}, {"pending", "approved", "spam", "discard", "trash", "unchecked"}),
        ({"tab": "queue"}, {"pending", "unchecked"}),  # an old bookmark: the default
    ],
)
def test_each_tab_lists_its_comments_and_every_tab_shows_its_count(
    moderator_client, query, expected
):
    made = {
        "pending": CommentFactory(),
        "approved": CommentFactory(status=Status.APPROVED),
        "spam": CommentFactory(status=Status.SPAM, verdict="spam"),
        "discard": CommentFactory(status=Status.SPAM, verdict="discard"),
        "trash": CommentFactory(status=Status.TRASH),
        "unchecked": CommentFactory(check_state="unchecked", verdict=""),
    }
    response = moderator_client.get(CHANGELIST, query)
    assert set(row_ids(response)) == {made[name].pk for name in expected}
    for label in ("Pending (2)", "Approved (1)", "Spam (2)", "Trash (1)", "All (6)",
                  "Blatant spam (1)", "Not checked yet (1)"):  # fmt: skip
        assert label in response.text
    assert "Queue (" not in response.text


def test_the_header_the_pending_tab_and_the_admin_index_agree(moderator_client):
    CommentFactory.create_batch(2)
    CommentFactory(status=Status.SPAM, verdict="spam")  # flagged lately: Spam, not Pending
    CommentFactory(status=Status.SPAM, verdict="discard")
    for url in (CHANGELIST, reverse("admin:index")):
        assert "2 comments awaiting moderation" in moderator_client.get(url).text
    assert "Pending (2)" in moderator_client.get(CHANGELIST).text


def test_a_row_shows_what_a_moderator_needs_to_decide(moderator_client, essay):
    CommentFactory(author_email="known@example.com", status=Status.APPROVED)
    CommentFactory(author_email="known@example.com", status=Status.SPAM)
    parent = CommentFactory(essay=essay, status=Status.APPROVED, body="The parent wrote this.")
    CommentFactory(
        essay=essay,
        parent=parent,
        author_name="Mallory <b>Bold</b>",
        author_email="known@example.com",
        author_url="https://mallory.example/",
        ip_address="203.0.113.77",
        body='Read <a href="https://evil.example/payload?x=1">the BBC</a> and <em>more</em>.',
        verdict_reasons=["submitted 0.4 s after the form was shown"],
        verdict_checker="akismet",
    )

    text = moderator_client.get(CHANGELIST).text

    assert f'href="{essay.get_absolute_url()}" class="cm-view"' in text
    assert "Mallory &lt;b&gt;Bold&lt;/b&gt;" in text
    assert "<em>more</em>" in text  # as readers see it
    assert "In reply to <bdi>" in text and "The parent wrote this." in text
    assert "the BBC</bdi> → <code" in text and "https://evil.example/payload?x=1</code>" in text
    assert "submitted 0.4 s after the form was shown" in text
    assert "by akismet" in text
    assert "1 approved</a> · <a" in text and ">1 spam</a>" in text


def test_the_author_essay_and_counts_are_links_that_filter_the_list(moderator_client, essay):
    ours = CommentFactory(
        essay=essay,
        author_email="known@example.com",
        author_url="https://mallory.example/",
        ip_address="203.0.113.77",
    )
    approved = CommentFactory(author_email="known@example.com", status=Status.APPROVED)
    spam = CommentFactory(author_email="known@example.com", status=Status.SPAM)
    same_ip = CommentFactory(ip_address="203.0.113.77", status=Status.TRASH)
    CommentFactory(status=Status.APPROVED)
    text = html.unescape(moderator_client.get(CHANGELIST).text)
    links = {
        f"?tab=pending&essay__id__exact={essay.pk}": {ours.pk},
        "?tab=pending&author_email=known%40example.com": {ours.pk},
        "?tab=approved&author_email=known%40example.com": {approved.pk},
        "?tab=spam&author_email=known%40example.com": {spam.pk},
        "?tab=pending&ip_address=203.0.113.77": {ours.pk},
        "?tab=pending&author_url=https%3A%2F%2Fmallory.example%2F": {ours.pk},
    }
    for query, expected in links.items():
        assert f'href="{CHANGELIST}{query}"' in text, query
        assert set(row_ids(moderator_client.get(CHANGELIST + query))) == expected, query
    all_from_ip = moderator_client.get(CHANGELIST, {"tab": "all", "ip_address": "203.0.113.77"})
    assert set(row_ids(all_from_ip)) == {ours.pk, same_ip.pk}


@pytest.mark.parametrize(
    "query",
    [{"ip_address": "not-an-ip"}, {"essay__id__exact": "x"}, {"author_email": "\x00"},
     {"user__password__startswith": "pbkdf2"}],
)  # fmt: skip
def test_a_hostile_filter_value_is_refused_or_finds_nothing(moderator_client, query):
    CommentFactory()
    response = moderator_client.get(CHANGELIST, query)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.OK:
        assert row_ids(response) == []


def test_the_hold_reason_recorded_by_the_screening_is_shown(moderator_client, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    comment = CommentFactory(check_state="unchecked", verdict="")
    comment_screen(comment=comment)
    assert "every comment is held for a moderator" in moderator_client.get(CHANGELIST).text


def test_a_spam_rows_reasons_print_once(moderator_client, settings):
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    comment = CommentFactory(check_state="unchecked", verdict="", body="Best casino here.")
    assert comment_screen(comment=comment).status == Status.SPAM
    text = moderator_client.get(CHANGELIST, {"tab": "spam"}).text
    assert text.count("contains the disallowed key") == 1


def test_a_restore_keeps_the_original_reason_visible(moderator_client, moderator, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    comment = comment_screen(comment=CommentFactory(check_state="unchecked", verdict=""))
    act(moderator_client, comment, "trash")
    act(moderator_client, Comment.objects.get(pk=comment.pk), "restore")
    text = re.sub(r"<[^>]+>", "", moderator_client.get(CHANGELIST).text)  # the reason is a link
    assert "Moderation rule: every comment is held for a moderator" in text
    assert "Moderator (moderator): restored" in text


def test_the_checkers_verdict_is_in_the_history_even_when_a_moderator_decided(
    moderator_client, moderator
):
    comment = CommentFactory(check_state="unchecked", verdict="")
    comment_approve(comment=comment, actor=moderator)
    comment.refresh_from_db()
    comment_screen(comment=comment)
    verdicts = comment.history.filter(reason="spam_check").values_list("note", flat=True)
    assert list(verdicts) == ["Verdict of embedded: ham"]
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert "Verdict of embedded: ham" in page.text
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED
    assert moderator_decided(comment)  # the verdict entry decides nothing for later checks


def test_a_comment_is_titled_name_on_essay_title(moderator_client):
    essay = EssayFactory(title="On Footnotes")
    comment = CommentFactory(essay=essay, author_name="Rosa Díaz")
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert "<title>Rosa Díaz on On Footnotes | Change comment" in page.text
    assert "<h2>Rosa Díaz on On Footnotes</h2>" in page.text


def test_the_queue_runs_the_same_number_of_queries_for_5_and_60_comments(
    moderator_client, django_assert_max_num_queries
):
    def build(count):
        essay = EssayFactory()
        parent = CommentFactory(essay=essay, status=Status.APPROVED)
        for n in range(count):
            CommentFactory(essay=essay, parent=parent if n % 2 else None,
                           body=f'Words {n} <a href="https://e{n}.example/">link</a>')  # fmt: skip
        StatusChange.objects.bulk_create(
            StatusChange(comment=c, to_status=c.status, reason="rule", note="held")
            for c in Comment.objects.all()
        )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(CHANGELIST, {"tab": "all"})
        assert response.status_code == HTTPStatus.OK
        return len(queries)

    build(5)
    moderator_client.get(CHANGELIST)  # the session and permission caches warm up alike
    few = count_queries()
    build(55)
    many = count_queries()
    assert few == many
    # 12: the session, the user and their permissions (4); every tab's count, also the header's
    # and the paginator's; the reason codes; the rows' ids, the rows, their authors' history
    # and their notes (4); the spam service's banner (2).
    with django_assert_max_num_queries(12):
        moderator_client.get(CHANGELIST)


def test_the_admin_shows_how_many_comments_await_moderation(moderator_client, editor):
    CommentFactory.create_batch(3)
    CommentFactory(status=Status.APPROVED)
    response = moderator_client.get(reverse("admin:index"))
    assert "3 comments awaiting moderation" in response.text
    assert "3 comments awaiting moderation" in moderator_client.get(CHANGELIST).text
    moderator_client.force_login(editor)
    assert "awaiting moderation" not in moderator_client.get(reverse("admin:index")).text


# One-click actions and Undo --------------------------------------------------------------


def test_the_change_page_shows_the_history_and_the_actions(moderator_client, moderator):
    comment = CommentFactory(body='See <a href="https://x.example/long/path">here</a>')
    StatusChange.objects.create(
        comment=comment, to_status="pending", reason="rule", note="first comment from them"
    )
    comment_approve(comment=comment, actor=moderator)

    response = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    text = response.text
    assert "first comment from them" in text
    assert "moderator" in text
    assert "https://x.example/long/path</code>" in text
    for label in ("Unapprove", "Spam", "Trash"):
        assert f">{label}</button>" in text
    assert ">Block commenter…</a>" in text  # a page with a preview, not a one-click button
    assert ">Approve</button>" not in text


def test_a_moderator_edit_is_resanitised_and_recorded(moderator_client):
    comment = CommentFactory(status=Status.APPROVED, author_url="")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = moderator_client.post(
        url,
        {
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": "",
            "body": 'Tidied. <img src=x onerror="alert(1)">',
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert "<img" not in comment.body_html and "&lt;img" in comment.body_html
    last = comment.history.order_by("-pk").first()
    assert (last.reason, last.note, last.actor.username) == (
        "edit", "by a moderator: body", "moderator",
    )  # fmt: skip


def test_a_moderator_edit_refuses_header_breaking_names_and_duplicates(moderator_client, essay):
    CommentFactory(essay=essay, author_email="a@example.com", body="Said once.")
    comment = CommentFactory(essay=essay, author_email="a@example.com")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {"author_email": "a@example.com", "author_url": "", "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0"}  # fmt: skip

    response = moderator_client.post(url, data | {"author_name": "A\r\nBcc: x@y", "body": "New"})
    assert response.status_code == HTTPStatus.OK
    assert "author_name" in response.context["adminform"].form.errors

    response = moderator_client.post(url, data | {"author_name": "A", "body": "Said once."})
    assert response.status_code == HTTPStatus.OK
    assert "already posted the same text" in response.text


def test_the_queue_and_change_page_need_no_inline_script_or_style(moderator_client):
    """The Content-Security-Policy allows scripts and styles from our origin only."""
    comment = CommentFactory(body='<a href="https://x.example/">x</a> <em>y</em>')
    act(moderator_client, comment, "approve")  # a message with its Undo form
    pages = [
        moderator_client.get(ALL_TAB).text,
        moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).text,
    ]
    for page in pages:
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page)
        assert not re.search(r"<[^>]+\sstyle\s*=", page)


@pytest.mark.parametrize("term", ["rosa@example.com", "203.0.113.9", "not an ip", "a:b::zz", "é"])
def test_search_finds_by_email_or_ip_and_survives_any_term(moderator_client, term):
    found = CommentFactory(author_email="rosa@example.com", ip_address="203.0.113.9")
    CommentFactory()
    response = moderator_client.get(ALL_TAB, {"q": term})
    assert response.status_code == HTTPStatus.OK
    if term in ("rosa@example.com", "203.0.113.9"):
        assert row_ids(response) == [found.pk]
