"""The essay page with passage comments: controls and counts in the body, quotes above the
comments, one query for them all, and one cached copy for every reader."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.notifications import build_messages
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from essays.paragraphs import paragraphs
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

BODY = "The opening paragraph.\n\nA middle paragraph on readers.\n\nThe closing paragraph."


@pytest.fixture
def essay(db):
    return EssayFactory(body=BODY)


def ids(essay):
    return [p.id for p in paragraphs(essay.body_html)]


def passage_comment(essay, anchor_id, *, n=0, approve=True):
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.com",
            author_url="",
            body=f"On that passage, remark {n}.",
            anchor_id=anchor_id,
            anchor_quote="readers",
        ),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )
    return comment_approve(comment=comment) if approve else comment


def reader_get(essay, query=""):
    return Client().get(essay.get_absolute_url() + query)


def count_link(html, paragraph_id):
    """The margin count of a paragraph: (number, href) or None."""
    match = re.search(
        rf'id="{paragraph_id}">.*?<a class="passage__count" href="([^"]+)">.*?'
        r'<span aria-hidden="true">(\d+)</span>',
        html,
        re.S,
    )
    paragraph_end = html.index("</p>", html.index(f'id="{paragraph_id}"'))
    return (int(match[2]), match[1]) if match and match.start(1) < paragraph_end else None


def test_every_paragraph_has_a_control_that_works_without_script(essay):
    html = reader_get(essay).text
    for paragraph_id in ids(essay):
        assert f'href="?passage={paragraph_id}#respond" data-passage="{paragraph_id}"' in html


def test_approved_passage_comments_are_counted_beside_their_paragraph(essay):
    first, middle, _ = ids(essay)
    one = passage_comment(essay, middle, n=1)
    passage_comment(essay, middle, n=2)
    passage_comment(essay, middle, n=3, approve=False)
    html = reader_get(essay).text
    assert count_link(html, middle) == (2, f"#comment-{one.pk}")
    assert count_link(html, first) is None
    assert "2 comments on this passage" in html


def test_a_passage_comment_shows_its_quote_linking_to_the_paragraph(essay):
    comment = passage_comment(essay, ids(essay)[1])
    html = reader_get(essay).text
    item = html[html.index(f'id="comment-{comment.pk}"') :]
    assert item.index('class="comment__passage"') < item.index('class="comment__body"')
    assert f'<a class="comment__passage-link" href="#{ids(essay)[1]}">' in item
    assert "<blockquote>readers</blockquote>" in item


def test_after_an_edit_the_quote_finds_its_paragraph_or_stands_alone(essay):
    old_middle = ids(essay)[1]
    comment = passage_comment(essay, old_middle)
    essay.body = BODY.replace("on readers.", "on readers, revised.")
    essay.save()
    new_middle = ids(essay)[1]
    html = reader_get(essay).text
    assert new_middle != old_middle
    assert count_link(html, new_middle) == (1, f"#comment-{comment.pk}")
    essay.body = "Nothing of the old text."
    essay.save()
    html = reader_get(essay).text
    assert "On a passage since revised" in html and "<blockquote>readers</blockquote>" in html
    assert "passage__count" not in html


def test_a_count_for_comments_on_another_page_links_to_them(essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(essay=essay, status=Comment.Status.APPROVED)  # page 1 of threads
    later = passage_comment(essay, ids(essay)[0])
    number, href = count_link(reader_get(essay).text, ids(essay)[0])
    assert number == 1 and href == later.get_absolute_url()


def test_comments_closed_leave_counts_but_no_controls(essay):
    passage_comment(essay, ids(essay)[0])
    essay.comments_mode = essay.Comments.CLOSED
    essay.save()
    html = reader_get(essay).text
    assert "passage__respond" not in html and "passages.js" not in html
    assert count_link(html, ids(essay)[0])[0] == 1


def page_queries(essay) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert reader_get(essay).status_code == HTTPStatus.OK
    return [query["sql"] for query in queries]


def test_passage_comments_cost_one_query_however_many(essay):
    for n in range(3):
        passage_comment(essay, ids(essay)[n], n=n)
    few = page_queries(essay)
    for n in range(3, 40):
        passage_comment(essay, ids(essay)[n % 3], n=n)
    many = page_queries(essay)
    assert len(many) == len(few)
    assert len([sql for sql in many if "anchor_quote" in sql]) == 1


def test_two_readers_share_one_copy_with_the_counts(essay, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    passage_comment(essay, ids(essay)[1])
    first, second = reader_get(essay), reader_get(essay)
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert "passage__count" in first.text and not second.cookies


def test_approving_a_passage_comment_shows_its_count_on_the_cached_page(essay):
    pending = passage_comment(essay, ids(essay)[1], approve=False)
    assert count_link(reader_get(essay).text, ids(essay)[1]) is None
    comment_approve(comment=pending)
    assert count_link(reader_get(essay).text, ids(essay)[1]) == (1, f"#comment-{pending.pk}")


def test_a_passage_link_without_script_fills_the_form_and_is_cached_apart(essay):
    middle = ids(essay)[1]
    plain, linked = reader_get(essay), reader_get(essay, f"?passage={middle}")
    assert f'name="anchor_id" value="{middle}"' in linked.text
    assert 'name="anchor_quote" value="A middle paragraph on readers."' in linked.text
    assert '<div class="form-passage" id="form-passage">' in linked.text
    assert '<div class="form-passage" id="form-passage" hidden>' in plain.text
    assert linked["ETag"] != plain["ETag"]


@pytest.mark.parametrize("junk", ["p-00000000", "nonsense", "<script>", "p-1"])
def test_a_passage_not_in_the_essay_leaves_the_form_empty(essay, junk):
    html = reader_get(essay, "?" + f"passage={junk}").text
    assert 'name="anchor_id"' in html and 'name="anchor_id" value=' not in html
    assert '<div class="form-passage" id="form-passage" hidden>' in html


def test_a_junk_passage_value_shares_the_plain_page_copy(essay):
    assert reader_get(essay, "?passage=<junk>")["ETag"] == reader_get(essay)["ETag"]


def test_the_queue_shows_the_passage(moderator_client, essay):
    comment = passage_comment(essay, ids(essay)[1], approve=False)
    page = moderator_client.get(reverse("admin:comments_comment_changelist"), {"tab": "pending"})
    assert "On the passage" in page.text
    assert f"{essay.get_absolute_url()}#{comment.anchor_id}" in page.text
    assert "“readers”" in page.text


def test_the_moderation_mail_shows_the_passage(essay):
    comment = passage_comment(essay, ids(essay)[1], approve=False)
    (message,) = build_messages([comment], ["moderators@example.org"])
    assert "Passage: “readers”" in message.body
    assert not mail.outbox
