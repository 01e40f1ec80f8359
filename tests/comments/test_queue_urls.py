"""The queue's row URLs, reversed once per page (comments.admin.queue.PageUrls), are the very
URLs reverse() and urlencode give for each row."""

import html
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils.http import urlencode

from comments.admin.actions import ROW_ACTIONS
from comments.admin.queue import PageUrls
from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
ALL_TAB = f"{CHANGELIST}?tab=all"
ROW_URL = re.compile(r'(?:href|formaction)="(/admin/comments/comment/[^"]*)"')


def expected_urls(comment: Comment) -> set[str]:
    """What each row linked to when every URL was reversed per row."""

    def filtered(tab="all", **lookup):
        return f"{CHANGELIST}?{urlencode({'tab': tab, **lookup})}"

    back = urlencode({"next": ALL_TAB})
    email = comment.author_email
    urls = {
        filtered(author_email=email),
        filtered(tab="approved", author_email=email),
        filtered(tab="spam", author_email=email),
        filtered(ip_address=comment.ip_address),
        filtered(essay__id__exact=comment.essay_id),
        f"{reverse('admin:comments_comment_reply', args=[comment.pk])}?{back}",
        f"{reverse('admin:comments_comment_quick_edit', args=[comment.pk])}?{back}",
    }
    if comment.author_url:
        urls.add(filtered(author_url=comment.author_url))
    for name in ROW_ACTIONS.get(comment.status, []):
        url = reverse("admin:comments_comment_moderate", args=[comment.pk, name])
        urls.add(f"{url}?{urlencode({'version': comment.content_version})}")
    return urls


def test_every_row_links_to_the_urls_reverse_gives(moderator_client):
    essay = EssayFactory()
    comments = [
        CommentFactory(essay=essay, status=Comment.Status.PENDING, ip_address="192.0.2.7"),
        CommentFactory(
            essay=essay,
            status=Comment.Status.APPROVED,
            ip_address="2001:db8::1",
            author_url="https://reader.example/a b?x=1&y=é",
        ),
        CommentFactory(
            status=Comment.Status.SPAM,
            ip_address="198.51.100.4",
            author_email="o'brien+test@example.com",
        ),
    ]
    page = moderator_client.get(ALL_TAB)
    shown = {html.unescape(url) for url in ROW_URL.findall(page.text)}
    expected = set().union(*(expected_urls(comment) for comment in comments))
    assert expected <= shown
    # No row links to a comment's own URL that reverse() would not give (Django's own link
    # to the change page aside).
    change_pages = {
        f"{reverse('admin:comments_comment_change', args=[c.pk])}?_changelist_filters=tab%3Dall"
        for c in comments
    }
    per_comment = {url for url in shown if re.match(rf"{CHANGELIST}\d+/", url)}
    assert per_comment <= expected | change_pages


def test_a_page_of_rows_shares_one_set_of_urls(moderator):
    CommentFactory.create_batch(3)
    request = RequestFactory().get(CHANGELIST, {"tab": "all"})
    request.user = moderator
    changelist = admin.site._registry[Comment].get_changelist_instance(request)
    assert len(changelist.result_list) == 3
    assert len({id(comment.page_urls) for comment in changelist.result_list}) == 1


@pytest.mark.parametrize("prefix", ["/", "/journal/"])
def test_page_urls_match_reverse_under_any_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        urls = PageUrls()
        for pk in (1, 42, 2_147_483_646):
            assert urls.for_comment("admin:comments_comment_moderate", pk, "spam") == reverse(
                "admin:comments_comment_moderate", args=[pk, "spam"]
            )
            assert urls.for_comment("admin:comments_comment_reply", pk) == reverse(
                "admin:comments_comment_reply", args=[pk]
            )
        changelist = reverse("admin:comments_comment_changelist")
        assert urls.changelist() == changelist
        assert urls.filtered("spam", {"reason": "links"}) == f"{changelist}?tab=spam&reason=links"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("prefix", ["/", "/a&b'<c>/"])
def test_the_escaped_urls_are_the_urls_escaped(prefix):
    """Rows print PageUrls' *_href forms, escaped in halves or pieces once a page."""
    set_script_prefix(prefix)
    try:
        urls = PageUrls()
        for value in ("o'brien+x@example.com", 'https://x.example/"><b>&y=é', 42):
            for tab in ("all", "spam"):
                assert urls.filtered_href(tab, {"author_url": value}) == html.escape(
                    urls.filtered(tab, {"author_url": value})
                )
        assert urls.for_comment_href("admin:comments_comment_moderate", 7, "spam") == (
            html.escape(urls.for_comment("admin:comments_comment_moderate", 7, "spam"))
        )
        back = f'{prefix}admin/?q="<x>"&p=2'
        assert urls.next_query_href(back) == html.escape(urls.next_query(back))
    finally:
        set_script_prefix("/")
