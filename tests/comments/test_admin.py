"""The moderation queue in the admin: what moderators see, and what each action does."""

import datetime
import html
import re
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.admin.columns import action_url
from comments.models import BlockedCommenter, Comment, SpamFeedback, StatusChange
from comments.moderation import moderator_decided
from comments.services import comment_approve, comment_trash
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
@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", Status.APPROVED), ("spam", Status.SPAM), ("trash", Status.TRASH)],
)
def test_one_click_changes_status_and_undo_brings_it_back(moderator_client, action, status):
    comment = CommentFactory()
    next_url = f"{CHANGELIST}?tab=pending"

    response = act(moderator_client, comment, action, next_url=next_url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == next_url
    assert status_of(comment) == status
    token = undo_token(response)

    response = undo(moderator_client, token, next_url=next_url)

    assert response["Location"] == next_url
    assert status_of(comment) == Status.PENDING
    assert last_message(response) == "Undone: 1 comment back as before."
    changes = list(comment.history.values_list("from_status", "to_status", "actor__username"))
    assert changes == [("pending", status, "moderator"), (status, "pending", "moderator")]
    assert not SpamFeedback.objects.exists()


def test_the_undo_button_is_a_csrf_protected_post_form_in_the_message(moderator_client):
    comment = CommentFactory()
    response = act(moderator_client, comment, "approve")
    (text,) = message_texts(response)
    assert text.startswith('Approved: 1 comment. <form method="post" action="/admin/')
    assert 'name="csrfmiddlewaretoken"' in text

    page = moderator_client.get(CHANGELIST)
    assert '<form method="post" action="/admin/comments/comment/undo/" class="cm-undo">' in (
        page.text
    )


@pytest.mark.parametrize("action", ["approve", "spam", "trash", "ham", "restore", "recheck"])
def test_one_click_get_changes_nothing(moderator_client, action):
    comment = CommentFactory(status=Status.SPAM)
    url = action_url(comment, action)
    assert moderator_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert status_of(comment) == Status.SPAM
    assert not BlockedCommenter.objects.exists()


def test_undo_by_get_changes_nothing(moderator_client):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    url = reverse("admin:comments_comment_undo")
    assert moderator_client.get(url, {"token": token}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert status_of(comment) == Status.APPROVED


def test_one_click_and_undo_need_the_csrf_token(client, moderator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    comment = CommentFactory()
    assert act(strict, comment, "approve").status_code == HTTPStatus.FORBIDDEN
    assert status_of(comment) == Status.PENDING

    page = strict.get(CHANGELIST)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    url = action_url(comment, "approve")
    response = strict.post(url, {"csrfmiddlewaretoken": token, "next": CHANGELIST})
    assert response.status_code == HTTPStatus.FOUND
    assert status_of(comment) == Status.APPROVED

    undo_url = reverse("admin:comments_comment_undo")
    assert strict.post(undo_url, {"token": undo_token(response)}).status_code == 403
    assert status_of(comment) == Status.APPROVED


def test_one_click_never_redirects_off_site(moderator_client):
    response = act(moderator_client, CommentFactory(), "approve", next_url="https://evil.example/")
    assert response["Location"] == CHANGELIST


def test_an_unknown_action_is_not_found(moderator_client):
    assert act(moderator_client, CommentFactory(), "publish").status_code == HTTPStatus.NOT_FOUND


def test_restore_and_delete_refusals_are_explained(moderator_client):
    comment = CommentFactory(status=Status.APPROVED)
    response = act(moderator_client, comment, "restore")
    (text,) = message_texts(response)
    assert "Only spam or trashed comments can be restored" in text
    assert status_of(comment) == Status.APPROVED


def test_a_forged_or_foreign_undo_is_refused(moderator_client, superuser):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))

    response = undo(moderator_client, token[:-2] + "xx")
    assert "has expired or belongs to another moderator" in last_message(response)
    moderator_client.force_login(superuser)
    undo(moderator_client, token)
    assert status_of(comment) == Status.APPROVED


def test_an_old_undo_has_expired(moderator_client, settings):
    import time_machine

    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        response = undo(moderator_client, token)
    assert "has expired" in last_message(response)
    assert status_of(comment) == Status.APPROVED


def test_undo_skips_a_comment_someone_changed_since(moderator_client, superuser):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    comment_trash(comment=Comment.objects.get(pk=comment.pk), actor=superuser)
    response = undo(moderator_client, token)
    assert status_of(comment) == Status.TRASH
    assert "1 comment changed again since" in last_message(response)


def test_check_again_screens_the_comment_now(moderator_client):
    comment = CommentFactory(verdict="spam", verdict_checker="old")
    response = act(moderator_client, comment, "recheck")
    comment.refresh_from_db()
    assert comment.verdict_checker != "old"
    assert comment.check_state == Comment.CheckState.CHECKED
    assert last_message(response) == "Checked 1 comment for spam again."


def test_check_pending_again_queues_the_whole_pending_queue(moderator_client):
    pending = CommentFactory.create_batch(2)
    approved = CommentFactory(status=Status.APPROVED)
    url = reverse("admin:comments_comment_recheck_pending")

    assert moderator_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = moderator_client.post(url, {"next": CHANGELIST})

    assert response["Location"] == CHANGELIST
    unchecked = Comment.objects.filter(check_state="unchecked", recheck_reason="moderator")
    assert set(unchecked.values_list("pk", flat=True)) == {c.pk for c in pending}
    assert Comment.objects.get(pk=approved.pk).check_state == "checked"
    assert message_texts(response) == [
        "2 comments awaiting moderation will be checked for spam again."
    ]
    assert (
        'action="/admin/comments/comment/recheck-pending/"' in moderator_client.get(CHANGELIST).text
    )


def test_spam_and_not_spam_reach_the_spam_service(
    moderator_client, akismet_settings, akismet_server, make_comment
):
    spam = comment_screen(comment=make_comment(body="Subtle spam the service missed."))
    ham = comment_screen(comment=make_comment(body="Flagged, but a real reader.", ip="192.0.2.99"))
    Comment.objects.filter(pk=ham.pk).update(status=Status.SPAM)

    act(moderator_client, spam, "spam")
    act(moderator_client, ham, "ham")
    call_command("process_spam_queue")

    sent = {r.endpoint: r.form for r in akismet_server.requests if r.endpoint.startswith("submit")}
    key = {"api_key": akismet_settings.AKISMET_API_KEY}
    assert sent["submit-spam"] == key | spam.spam_payload
    assert sent["submit-ham"] == key | ham.spam_payload


# Bulk actions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", Status.APPROVED, "Approved: 2 comments."),
        ("unapprove", Status.PENDING, "Back to moderation: 1 comment."),
        ("mark_spam", Status.SPAM, "Marked as spam: 3 comments."),
        ("trash", Status.TRASH, "Moved to the trash: 3 comments."),
    ],
)
def test_bulk_actions_change_every_selected_comment_and_undo_as_one(
    moderator_client, action, status, message
):
    comments = [*CommentFactory.create_batch(2), CommentFactory(status=Status.APPROVED)]
    before = {c.pk: c.status for c in comments}
    left_alone = CommentFactory()

    response = bulk(moderator_client, action, comments)

    assert response.status_code == HTTPStatus.FOUND
    assert {status_of(c) for c in comments} == {status}
    assert status_of(left_alone) == Status.PENDING
    assert last_message(response).startswith(message)
    undo(moderator_client, undo_token(response))
    assert {c.pk: status_of(c) for c in comments} == before


def test_bulk_spam_and_not_spam_queue_feedback(moderator_client):
    spam = CommentFactory.create_batch(2)
    flagged = CommentFactory.create_batch(2, status=Status.SPAM, verdict="spam")
    bulk(moderator_client, "mark_spam", spam)
    bulk(moderator_client, "mark_ham", flagged)
    assert {status_of(c) for c in flagged} == {Status.APPROVED}
    kinds = dict(SpamFeedback.objects.values_list("comment_id", "kind"))
    assert kinds == {c.pk: "spam" for c in spam} | {c.pk: "ham" for c in flagged}


def test_bulk_restore_restores_spam_and_trash_and_explains_the_rest(moderator_client, moderator):
    trashed = CommentFactory(status=Status.APPROVED)
    comment_trash(comment=trashed, actor=moderator)
    spam = CommentFactory(status=Status.SPAM)
    pending = CommentFactory()

    response = bulk(moderator_client, "restore", [trashed, spam, pending])

    assert [status_of(c) for c in (trashed, spam, pending)] == [Status.APPROVED, Status.PENDING,
                                                                Status.PENDING]  # fmt: skip
    text = last_message(response)
    assert text.startswith("Restored: 2 comments. 1 comment left as they were: Only spam")


def test_bulk_check_again(moderator_client):
    comments = CommentFactory.create_batch(2, verdict="spam")
    response = bulk(moderator_client, "recheck", comments)
    assert last_message(response) == "Checked 2 comments for spam again."
    assert set(Comment.objects.values_list("verdict", flat=True)) == {"ham"}


def test_delete_permanently_confirms_and_deletes_only_spam_and_trash(moderator_client):
    spam = CommentFactory(status=Status.SPAM)
    trash = CommentFactory(status=Status.TRASH)
    approved = CommentFactory(status=Status.APPROVED)
    selected = [spam, trash, approved]

    confirm = bulk(moderator_client, "delete_selected", selected)

    assert confirm.status_code == HTTPStatus.OK
    assert "Are you sure" in confirm.text
    assert Comment.objects.count() == 3
    response = bulk(moderator_client, "delete_selected", selected, post="yes")
    assert response.status_code == HTTPStatus.FOUND
    assert list(Comment.objects.values_list("pk", flat=True)) == [approved.pk]
    assert "1 comment left alone" in " ".join(message_texts(response))


def test_delete_permanently_of_only_live_comments_deletes_nothing(moderator_client):
    comments = [CommentFactory(), CommentFactory(status=Status.APPROVED)]
    response = bulk(moderator_client, "delete_selected", comments, post="yes")
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 2


def test_delete_from_the_change_page_only_for_spam_and_trash(moderator_client):
    live = CommentFactory(status=Status.APPROVED)
    trash = CommentFactory(status=Status.TRASH)
    live_url = reverse("admin:comments_comment_delete", args=[live.pk])
    assert moderator_client.post(live_url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    trash_url = reverse("admin:comments_comment_delete", args=[trash.pk])
    assert moderator_client.post(trash_url, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert list(Comment.objects.values_list("pk", flat=True)) == [live.pk]


# The change page -------------------------------------------------------------------------
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
