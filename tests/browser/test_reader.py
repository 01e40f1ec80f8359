"""A reader on a phone and on a desktop: reads, follows a note, comments, replies."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import ESSAY_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ["phone", "desktop"]


def essay_url(server) -> str:
    return server.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG})


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reader_reads_the_essay_with_one_heading_and_a_skip_link(demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(essay_url(demo))

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("The Arithmetic of a Shared River")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused_id(page) == "main"


def test_reader_on_a_desktop_opens_a_note_by_keyboard_and_returns(demo, new_page):
    page = new_page("desktop")
    page.goto(essay_url(demo))
    marker = page.locator("sup.noteref a").first
    note_id = marker.get_attribute("href").removeprefix("#")
    ref_id = marker.locator("..").get_attribute("id")

    marker.focus()
    popover = page.locator(".note-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("Reuters")
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    expect(marker).to_be_focused()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{note_id}$"))
    note = page.locator(f"#{note_id}")
    expect(note).to_be_in_viewport()
    note.locator("a[role=doc-backlink]").first.click()
    expect(page).to_have_url(re.compile(f"#{ref_id}$"))
    expect(page.locator(f"#{ref_id}")).to_be_in_viewport()


def test_reader_on_a_phone_taps_a_note_open_then_follows_it_and_returns(demo, new_page):
    page = new_page("phone")
    page.goto(essay_url(demo))
    marker = page.locator("sup.noteref a").nth(1)
    note_id = marker.get_attribute("href").removeprefix("#")
    ref_id = marker.locator("..").get_attribute("id")

    marker.tap()
    popover = page.locator(".note-popover")
    expect(popover).to_be_visible()
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the note overflows the screen"

    marker.tap()  # a second tap follows the link to the list of notes
    expect(page).to_have_url(re.compile(f"#{note_id}$"))
    expect(page.locator(f"#{note_id}")).to_be_in_viewport()
    page.locator(f"#{note_id} a[role=doc-backlink]").first.tap()
    expect(page).to_have_url(re.compile(f"#{ref_id}$"))
    expect(page.locator(f"#{ref_id}")).to_be_in_viewport()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reader_posts_a_comment_with_a_mistake_then_successfully(demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(essay_url(demo) + "#respond")
    page.fill("#id_author_name", "Mina Lau")
    page.fill("#id_body", "The rating curve point deserves an essay of its own.")
    page.click("#respond button[type=submit]")

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your comment was not posted")
    email = page.locator("#id_author_email")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby").split()
    assert "id_author_email_error" in described_by
    expect(page.locator("#id_author_email_error")).to_contain_text("required")
    expect(page.locator("#id_body")).to_have_value(
        "The rating curve point deserves an essay of its own."
    )

    summary.get_by_role("link").first.click()
    expect(email).to_be_focused()
    email.fill("mina@example.com")
    page.click("#respond button[type=submit]")

    comment = Comment.objects.get(author_email="mina@example.com")
    expect(page).to_have_url(re.compile(f"#comment-{comment.pk}$"))
    posted = page.locator(f"#comment-{comment.pk}")
    expect(posted).to_contain_text("The rating curve point deserves an essay of its own.")
    expect(posted).to_be_in_viewport()
    expect(page.locator(".message")).to_contain_text("Thank you")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reader_replies_under_the_comment_in_place(demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(essay_url(demo))
    reply = page.locator("a.reply-link").first
    parent_id = reply.get_attribute("data-reply-to")
    parent = Comment.objects.get(pk=parent_id)

    reply.click()
    form = page.locator(f"#comment-{parent_id} > #respond")
    expect(form).to_be_visible()
    expect(form.locator("h2")).to_have_text(f"Reply to {parent.author_name}")
    expect(page.locator("#id_author_name")).to_be_focused()
    page.fill("#id_author_name", "Tomas Brenner")
    page.fill("#id_author_email", "tomas@example.com")
    page.fill("#id_body", "Replying in place, under the comment I answer.")
    form.locator("button[type=submit]").click()

    reply_comment = Comment.objects.get(author_email="tomas@example.com")
    assert reply_comment.parent_id == parent.pk
    expect(page).to_have_url(re.compile(f"#comment-{reply_comment.pk}$"))
    replies = page.locator(f"#comment-{parent_id} .comment-list--replies")
    nested = replies.locator(f"#comment-{reply_comment.pk}")
    expect(nested).to_contain_text("Replying in place")


def test_a_failed_reply_comes_back_under_its_comment_with_the_errors_focused(demo, new_page):
    page = new_page("phone")
    page.goto(essay_url(demo))
    reply = page.locator("a.reply-link").first
    parent_id = reply.get_attribute("data-reply-to")
    reply.click()
    page.fill("#id_body", "A reply without a name.")
    page.locator("#respond button[type=submit]").click()

    expect(page.locator(f"#comment-{parent_id} > #respond")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("input[name=parent]")).to_have_value(parent_id)
    expect(page.locator("#id_body")).to_have_value("A reply without a name.")


def test_reader_cancels_a_reply_and_focus_returns_to_the_reply_link(demo, new_page):
    page = new_page("desktop")
    page.goto(essay_url(demo))
    reply = page.locator("a.reply-link").nth(1)
    parent_id = reply.get_attribute("data-reply-to")

    reply.click()
    expect(page.locator(f"#comment-{parent_id} > #respond")).to_be_visible()
    expect(page.locator("input[name=parent]")).to_have_value(parent_id)
    page.get_by_role("button", name="Cancel reply").click()

    expect(page.locator(f"#comment-{parent_id} #respond")).to_have_count(0)
    expect(page.locator("#respond-heading")).to_have_text("Leave a reply")
    expect(page.locator("input[name=parent]")).to_have_value("")
    expect(reply).to_be_focused()


def test_theme_toggle_is_remembered_across_pages(demo, new_page):
    page = new_page("desktop", color_scheme="light")
    page.goto(demo.url + "/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.goto(essay_url(demo))
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background

    page.get_by_role("button", name="Dark theme").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert page.evaluate("localStorage.length") == 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_essay_page(demo, new_page, screenshots, viewport, scheme):
    page = new_page(viewport, color_scheme=scheme)
    page.goto(essay_url(demo))
    path = screenshots / f"essay-{viewport}-{scheme}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000
