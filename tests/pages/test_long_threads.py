"""Long threads on the essay page: their order, pages of top-level threads, permalinks that
find the right page, and "jump to newest" (comments/selectors.py, pages/context.py)."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.selectors import ThreadOrder, comment_location, comment_page_number
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from config import settings as config_settings
from essays.models import Essay

pytestmark = pytest.mark.django_db

START = timezone.now() - datetime.timedelta(days=30)


def post(essay, *, hours: float, parent=None, approve=True, name="Reader") -> Comment:
    """A comment written `hours` after START, approved unless told otherwise."""
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name=name,
            author_email=f"r{hours}@example.com",
            author_url="",
            body=f"{name}'s remark written at hour {hours}.",
            parent=parent,
        ),
        meta=RequestMeta(ip_address="192.0.2.5"),
        submitted_at=START + datetime.timedelta(hours=hours),
    )
    return comment_approve(comment=comment) if approve else comment


def threads(essay, count: int, *, first_hour: int = 0) -> list[Comment]:
    return [post(essay, hours=first_hour + n) for n in range(count)]


def page_text(essay, **query) -> str:
    response = Client().get(essay.get_absolute_url(), query)
    assert response.status_code == HTTPStatus.OK, response.status_code
    return response.text


def top_level_ids(html: str) -> list[int]:
    """The ids of the top-level comments of a page, in the order shown."""
    threads_html = html.partition('id="comment-threads">')[2]
    ids, depth = [], 1
    for tag in re.finditer(r"<(/?)(ol|li)\b([^>]*)>", threads_html):
        closing, name, attributes = tag.groups()
        if name == "ol":
            depth += -1 if closing else 1
            if depth == 0:
                break
        elif not closing and depth == 1:
            ids.append(int(re.search(r'id="comment-(\d+)"', attributes).group(1)))
    return ids


def shown_threads(essay, **query) -> list[int]:
    return top_level_ids(page_text(essay, **query))


# Ordering --------------------------------------------------------------------------------


def test_threads_run_oldest_first_by_default_and_newest_first_on_request(essay):
    first, second, third = threads(essay, 3)
    post(essay, hours=10, parent=first)
    assert shown_threads(essay) == [first.pk, second.pk, third.pk]
    assert shown_threads(essay, order="newest") == [third.pk, second.pk, first.pk]


def test_most_replied_counts_public_replies_at_every_depth(essay):
    quiet, deep, wide = threads(essay, 3)
    reply = post(essay, hours=5, parent=deep)
    post(essay, hours=6, parent=post(essay, hours=5.5, parent=reply))  # depth 3 and 4
    post(essay, hours=7, parent=wide)
    post(essay, hours=8, parent=wide)
    for n in range(3):  # held replies count for no one
        post(essay, hours=9 + n, parent=quiet, approve=False)
    assert shown_threads(essay, order="replies") == [deep.pk, wide.pk, quiet.pk]


def test_most_replied_ties_fall_back_to_oldest_first(essay):
    older, newer = threads(essay, 2)
    post(essay, hours=5, parent=newer)
    post(essay, hours=6, parent=older)
    assert shown_threads(essay, order="replies") == [older.pk, newer.pk]


@pytest.mark.parametrize("value", ["", "NEWEST", "newest ", "random", "-submitted_at", "1", "☃"])
def test_an_unknown_order_is_the_default(essay, value):
    first, second = threads(essay, 2)
    assert shown_threads(essay, order=value) == [first.pk, second.pk]
    assert ThreadOrder.from_query(value) is ThreadOrder.OLDEST


def test_order_links_mark_the_current_one_and_leave_the_canonical_address(essay):
    threads(essay, 2)
    html = page_text(essay, order="replies")
    path = essay.get_absolute_url()
    current = re.findall(r'<a href="([^"]+)" rel="nofollow" aria-current="true">', html)
    assert current == [f"{path}?order=replies#comments"]
    assert f'<a href="{path}?order=newest#comments" rel="nofollow">Newest first</a>' in html
    assert f'<a href="{path}#comments" rel="nofollow">Oldest first</a>' in html
    assert f'rel="canonical" href="http://testserver{path}"' in html


def test_most_replied_costs_no_query_per_thread(essay, settings):
    settings.ESSAY_PAGE_CACHE_SECONDS = 0
    for root in threads(essay, 2):
        post(essay, hours=root.pk + 100, parent=root)
    few = queries_for(essay, order="replies")
    for root in threads(essay, 8, first_hour=50):
        post(essay, hours=root.pk + 200, parent=root)
    assert queries_for(essay, order="replies") == few


# Pages of threads ---------------------------------------------------------------------------


def test_a_page_holds_at_most_comments_per_page_threads_with_all_their_replies(essay, settings):
    settings.COMMENTS_PER_PAGE = 3
    roots = threads(essay, 7)
    replies = [post(essay, hours=20 + n, parent=roots[n]) for n in range(4)]
    first = page_text(essay)
    assert top_level_ids(first) == [r.pk for r in roots[:3]]
    assert all(f'id="comment-{reply.pk}"' in first for reply in replies[:3])
    assert f'id="comment-{replies[3].pk}"' not in first
    assert shown_threads(essay, cpage="2") == [r.pk for r in roots[3:6]]
    assert shown_threads(essay, cpage="3") == [roots[6].pk]


def test_a_page_holds_twenty_threads_unless_configured():
    assert config_settings.COMMENTS_PER_PAGE == 20


def test_numbered_pages_mark_the_current_one_with_previous_and_next(essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    threads(essay, 11)
    html = page_text(essay, cpage="6", order="newest")
    nav = re.search(
        r'<nav class="pagination[^"]*" aria-label="Comment pages">(.*?)</nav>', html, re.S
    )
    assert nav, "no numbered pagination"
    path = essay.get_absolute_url()
    links = re.findall(r'<a (?:rel="\w+" )?href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))
    labels = [label for _, label in links]
    assert labels == ["Previous", "1", "4", "5", "6", "7", "8", "11", "Next"]
    assert labels.count("…") == 0 and nav.group(1).count("…") == 2
    assert f'<a href="{path}?cpage=6&amp;order=newest#comments" aria-current="page">6</a>' in html
    assert f'rel="prev" href="{path}?cpage=5&amp;order=newest#comments"' in html
    assert f'rel="next" href="{path}?cpage=7&amp;order=newest#comments"' in html
    assert f'href="{path}?order=newest#comments">1</a>' in html
    assert "Later comments" not in html


def test_one_page_of_threads_has_no_pagination(essay):
    threads(essay, 2)
    assert 'aria-label="Comment pages"' not in page_text(essay)


@pytest.mark.parametrize(
    "value", ["²", "١", "۲", "२", "２", "𝟐", "Ⅱ", "0", "-2", "+2", "2.0", "0x2", "", "9" * 19]
)
def test_a_page_number_that_is_not_plain_ascii_digits_is_the_first_page(essay, settings, value):
    settings.COMMENTS_PER_PAGE = 1
    first, _second = threads(essay, 2)
    assert shown_threads(essay, cpage=value) == [first.pk]


@pytest.mark.parametrize("value", ["3", "99", "9" * 18])
def test_a_page_past_the_last_is_not_found(essay, settings, value):
    settings.COMMENTS_PER_PAGE = 1
    threads(essay, 2)
    for client in (Client(), personal_client()):
        response = client.get(essay.get_absolute_url(), {"cpage": value})
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_essay_without_comments_still_has_its_first_page(essay):
    assert "0 comments" in page_text(essay, cpage="1")


def personal_client() -> Client:
    """A reader with a cookie of their own: the page is rendered for them, never cached."""
    client = Client()
    client.cookies["sessionid"] = "x"
    return client


# Permalinks -----------------------------------------------------------------------------------


def deep_reply_on(essay, root) -> Comment:
    reply = post(essay, hours=root.pk * 10 + 1, parent=root)
    return post(
        essay, hours=root.pk * 10 + 2, parent=post(essay, hours=root.pk * 10 + 1.5, parent=reply)
    )


def test_a_deep_reply_is_on_its_threads_page_in_every_order(essay, settings):
    settings.COMMENTS_PER_PAGE = 2
    roots = threads(essay, 5)  # pages, oldest first: [0 1] [2 3] [4]
    deep = deep_reply_on(essay, roots[0])
    post(essay, hours=900, parent=roots[3])
    assert deep.depth == 3
    assert comment_page_number(deep) == 1
    assert comment_page_number(deep, order=ThreadOrder.NEWEST) == 3
    # Most replied: roots[0] (3 replies), roots[3] (1), then 1, 2, 4 oldest first.
    assert comment_page_number(deep, order=ThreadOrder.MOST_REPLIED) == 1
    assert comment_page_number(roots[2], order=ThreadOrder.MOST_REPLIED) == 2
    assert comment_page_number(roots[4], order=ThreadOrder.MOST_REPLIED) == 3
    for order in ThreadOrder:
        page = comment_page_number(deep, order=order)
        html = page_text(essay, cpage=str(page), order=order.value)
        assert f'id="comment-{deep.pk}"' in html, order


def test_ties_in_time_are_placed_by_id(essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    first = post(essay, hours=1, name="First")
    second = post(essay, hours=1, name="Second")
    Comment.objects.filter(pk=second.pk).update(submitted_at=first.submitted_at)
    second.refresh_from_db()
    assert [comment_page_number(first), comment_page_number(second)] == [1, 2]
    assert shown_threads(essay, cpage="2") == [second.pk]
    newest = [comment_page_number(c, order=ThreadOrder.NEWEST) for c in (first, second)]
    assert newest == [2, 1]


def test_the_permalink_redirects_to_the_page_in_the_readers_order(client, essay, settings):
    settings.COMMENTS_PER_PAGE = 2
    roots = threads(essay, 5)
    reply = post(essay, hours=500, parent=roots[4])
    path = essay.get_absolute_url()
    assert reply.get_absolute_url() == reverse("comments:permalink", args=[reply.pk])
    response = client.get(reply.get_absolute_url())
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{path}?cpage=3#comment-{reply.pk}"
    newest = client.get(reply.get_absolute_url(), {"order": "newest"})
    assert newest["Location"] == f"{path}?order=newest#comment-{reply.pk}"
    first = client.get(roots[0].get_absolute_url(), {"order": "nonsense"})
    assert first["Location"] == f"{path}#comment-{roots[0].pk}"
    assert comment_location(reply, order=ThreadOrder.MOST_REPLIED) == (
        f"{path}?order=replies#comment-{reply.pk}"
    )


def test_a_hidden_comment_permalink_leads_to_the_comments_only(client, essay):
    held = post(essay, hours=1, approve=False)
    response = client.get(held.get_absolute_url())
    assert response["Location"] == f"{essay.get_absolute_url()}#comments"


@pytest.mark.parametrize("pk", ["0", "99999", "9" * 30])
def test_a_permalink_to_no_comment_is_not_found(client, essay, pk):
    assert client.get(f"/comments/{pk}/").status_code == HTTPStatus.NOT_FOUND


def test_a_permalink_on_an_unpublished_essay_is_not_found(client, essay):
    comment = post(essay, hours=1)
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.DRAFT)
    assert client.get(comment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_admin_view_on_site_lands_on_the_comments_page(admin_client, essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    _first, second = threads(essay, 2)
    change = admin_client.get(reverse("admin:comments_comment_change", args=[second.pk]))
    shortcut = re.search(r'href="(/admin/r/\d+/\d+/)"', change.text)
    assert shortcut, "no View on site link"
    response = Client().get(admin_client.get(shortcut.group(1))["Location"])
    assert response["Location"] == f"{essay.get_absolute_url()}?cpage=2#comment-{second.pk}"


# Jump to newest ------------------------------------------------------------------------------


def test_jump_to_newest_links_to_the_newest_approved_comment(client, essay, settings):
    settings.COMMENTS_PER_PAGE = 2
    roots = threads(essay, 3)
    newest = post(essay, hours=100, parent=roots[0])
    post(essay, hours=200, approve=False)  # held: not the newest anyone sees
    html = page_text(essay)
    url = reverse("comments:newest", args=[essay.slug])
    assert f'<a href="{url}" rel="nofollow">Jump to the newest comment</a>' in html
    path = essay.get_absolute_url()
    assert client.get(url)["Location"] == f"{path}#comment-{newest.pk}"
    in_newest_order = client.get(url, {"order": "newest"})["Location"]
    assert in_newest_order == f"{path}?cpage=2&order=newest#comment-{newest.pk}"
    assert f'href="{url}?order=newest"' in page_text(essay, order="newest")


def test_jump_to_newest_without_comments_goes_to_the_comments(client, essay):
    url = reverse("comments:newest", args=[essay.slug])
    assert client.get(url)["Location"] == f"{essay.get_absolute_url()}#comments"
    assert client.get(reverse("comments:newest", args=["no-such"])).status_code == 404


# Queries and the page cache ---------------------------------------------------------------------


def queries_for(essay, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        page_text(essay, **query)
    return len(captured)


@pytest.mark.parametrize("order", list(ThreadOrder))
def test_the_essay_page_runs_the_same_queries_for_one_page_or_three(essay, settings, order):
    settings.COMMENTS_PER_PAGE = 4
    settings.ESSAY_PAGE_CACHE_SECONDS = 0
    for root in threads(essay, 4):
        post(essay, hours=1000 + root.pk, parent=root)
    one_page = queries_for(essay, order=order.value)
    for root in threads(essay, 8, first_hour=50):
        post(essay, hours=2000 + root.pk, parent=root)
    assert queries_for(essay, order=order.value) == one_page
    assert queries_for(essay, order=order.value, cpage="3") == one_page


def rendered(essay, **query) -> bool:
    """Whether this request rendered the page rather than serving a cached copy."""
    return queries_for(essay, **query) > 1


def test_the_page_cache_keeps_a_copy_per_order_and_page(essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    threads(essay, 2)
    assert rendered(essay)
    assert not rendered(essay, order="not-an-order")  # the default's copy
    assert rendered(essay, order="newest")
    assert not rendered(essay, order="newest")
    assert rendered(essay, cpage="2")
    assert rendered(essay, cpage="2", order="newest")
    assert not rendered(essay, cpage="２")  # a full-width digit is page 1
    newest = Client().get(essay.get_absolute_url(), {"order": "newest"})
    oldest = Client().get(essay.get_absolute_url())
    assert newest["ETag"] != oldest["ETag"]


def test_reply_links_stay_on_the_page_and_order_being_read(essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    first, second = threads(essay, 2)
    assert f'href="?replyto={first.pk}#respond"' in page_text(essay)
    html = page_text(essay, cpage="2", order="replies")
    assert f'href="?cpage=2&amp;order=replies&amp;replyto={second.pk}#respond"' in html
    followed = page_text(essay, cpage="2", order="replies", replyto=str(second.pk))
    assert shown_threads(essay, cpage="2", order="replies") == [second.pk]
    assert f'id="comment-{second.pk}"' in followed and "Reply to <bdi>" in followed
