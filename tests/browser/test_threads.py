"""Long threads in Chromium at 1,440, 1,024 and 390 px: a thread collapsed stays collapsed
after a reload, the order links, "jump to newest", and the first page of 200 comments."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from tests.browser import test_sidenotes
from tests.browser.test_sidenotes import WIDTHS
from tests.factories import EssayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREADS, PER_THREAD = 50, 4  # the benchmark's essay: 200 comments, threads three levels deep
START = timezone.now() - datetime.timedelta(days=10)


sized_page = test_sidenotes.sized_page  # the same fixture: a page of a given width


def write(essay, n: int, parent=None) -> Comment:
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.com",
            author_url="",
            body=f"Comment number {n}: the ledger has to be kept by someone, and that someone "
            "decides what counts as a loss.",
            parent=parent,
        ),
        meta=RequestMeta(ip_address="192.0.2.30"),
        submitted_at=START + datetime.timedelta(minutes=n),
    )
    return comment_approve(comment=comment)


@pytest.fixture
def long_essay(live_server, settings):
    """50 threads of four (a reply, a reply to it, a second reply), as bench/dataset.py."""
    settings.ESSAY_PAGE_CACHE_SECONDS = 0
    essay = EssayFactory(title="Two hundred comments")
    for thread in range(THREADS):
        n = thread * PER_THREAD
        root = write(essay, n)
        write(essay, n + 2, parent=write(essay, n + 1, parent=root))
        write(essay, n + 3, parent=root)
    return essay


def open_comments(page, server, essay, query: str = ""):
    response = page.goto(f"{server.url}{essay.get_absolute_url()}{query}#comments")
    assert response.ok
    return page


def toggles(page):
    return page.locator("#comment-threads > li > article .thread-toggle")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_collapsed_thread_stays_collapsed_after_a_reload(
    live_server, long_essay, sized_page, screenshots, width
):
    page = open_comments(sized_page(width), live_server, long_essay)
    expect(toggles(page)).to_have_count(20)
    first = toggles(page).first
    expect(first).to_have_attribute("aria-expanded", "true")
    expect(first).to_have_text("Hide 3 replies")
    replies = page.locator(f"#{first.get_attribute('aria-controls')}")
    expect(replies).to_be_visible()

    first.click()
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(first).to_have_text("Show 3 replies")
    expect(replies).to_be_hidden()
    page.reload()
    first = toggles(page).first
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"#{first.get_attribute('aria-controls')}")).to_be_hidden()
    expect(toggles(page).nth(1)).to_have_attribute("aria-expanded", "true")
    first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"threads-collapsed-{width}.png")

    first.click()
    page.reload()
    expect(toggles(page).first).to_have_attribute("aria-expanded", "true")


def test_collapse_all_and_expand_all_are_remembered(live_server, long_essay, sized_page):
    page = open_comments(sized_page(1024), live_server, long_essay)
    page.get_by_role("button", name="Collapse all").click()
    expect(page.locator(".comment-list--replies:visible")).to_have_count(0)
    page.reload()
    expect(page.locator("#comment-threads .thread-toggle[aria-expanded='true']")).to_have_count(0)
    page.get_by_role("button", name="Expand all").click()
    expect(page.locator("#comment-threads .thread-toggle[aria-expanded='false']")).to_have_count(0)
    page.reload()
    expect(page.locator("#comment-threads .thread-toggle[aria-expanded='false']")).to_have_count(0)


def test_a_permalink_to_a_reply_opens_its_collapsed_thread(live_server, long_essay, sized_page):
    page = open_comments(sized_page(1440), live_server, long_essay)
    toggles(page).first.click()
    deep = Comment.objects.get(essay=long_essay, author_name="Reader 2")
    page.goto(live_server.url + deep.get_absolute_url())
    assert page.url.endswith(f"#comment-{deep.pk}")
    expect(page.locator(f"#comment-{deep.pk}")).to_be_visible()
    expect(toggles(page).first).to_have_attribute("aria-expanded", "true")


def test_without_javascript_every_reply_shows_and_no_toggle_is_offered(
    live_server, long_essay, sized_page
):
    page = open_comments(sized_page(1024, javascript=False), live_server, long_essay)
    expect(page.locator(".thread-toggle")).to_have_count(0)
    expect(page.locator("#comment-threads li.comment")).to_have_count(20 * PER_THREAD)
    expect(page.locator(".comment-list--replies").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_order_links_and_pages_lead_through_the_threads(
    live_server, long_essay, sized_page, screenshots, width
):
    page = open_comments(sized_page(width), live_server, long_essay)
    order = page.get_by_role("navigation", name="Order of comments")
    expect(order.locator("[aria-current]")).to_have_text("Oldest first")
    order.get_by_role("link", name="Newest first").click()
    expect(page).to_have_url(re.compile(r"\?order=newest#comments$"))
    first = page.locator("#comment-threads > li > article").first
    expect(first.locator(".comment__author")).to_have_text("Reader 196")
    expect(order.locator("[aria-current]")).to_have_text("Newest first")

    pages = page.get_by_role("navigation", name="Comment pages")
    expect(pages.locator("[aria-current=page]")).to_have_text("1")
    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"\?cpage=2&order=newest#comments$"))
    expect(first.locator(".comment__author")).to_have_text("Reader 116")
    pages.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"threads-pages-{width}.png")
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, "the comment tools make the page scroll sideways"

    order.get_by_role("link", name="Most replies").click()
    expect(page).to_have_url(re.compile(r"\?order=replies#comments$"))


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_jump_to_newest_lands_on_the_newest_comment(live_server, long_essay, sized_page, width):
    page = open_comments(sized_page(width), live_server, long_essay)
    page.get_by_role("link", name="Jump to the newest comment").click()
    newest = Comment.objects.filter(essay=long_essay).latest("submitted_at")
    expect(page).to_have_url(re.compile(rf"\?cpage=3#comment-{newest.pk}$"))
    target = page.locator(f"#comment-{newest.pk}")
    expect(target).to_be_in_viewport()
    expect(target.locator(".comment__author").first).to_have_text("Reader 199")


def section_height(page) -> int:
    return page.evaluate("document.getElementById('comments').offsetHeight")


def test_the_first_page_of_two_hundred_comments_holds_twenty_threads_and_folds_shorter(
    live_server, long_essay, sized_page, settings
):
    heights = {}
    for name, width in WIDTHS.items():
        page = open_comments(sized_page(width), live_server, long_essay)
        heights[name] = section_height(page)
        page.get_by_role("button", name="Collapse all").click()
        heights[f"{name}, collapsed"] = section_height(page)
    settings.COMMENTS_PER_PAGE = THREADS  # the wall the issue measured: every thread at once
    for name, width in WIDTHS.items():
        page = open_comments(sized_page(width), live_server, long_essay)
        page.get_by_role("button", name="Expand all").click()
        heights[f"{name}, one page"] = section_height(page)
    print(heights)
    for name in WIDTHS:
        assert heights[name] < 0.45 * heights[f"{name}, one page"], heights
        assert heights[f"{name}, collapsed"] < 0.4 * heights[name], heights
    assert heights["wide"] < 16_000 and heights["phone"] < 24_000, heights


def test_the_essay_page_with_its_thread_tools_has_no_axe_violations(
    live_server, long_essay, sized_page, axe
):
    for width in WIDTHS.values():
        page = open_comments(sized_page(width), live_server, long_essay, "?order=replies&cpage=2")
        toggles(page).first.click()
        assert axe(page) == [], width
