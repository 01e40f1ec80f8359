"""The moderation desk in Chromium: blocking with its preview, and the queue's width."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import BlockedCommenter, Comment
from tests.comments.factories import CommentFactory
from tests.conftest import restore_roles
from tests.factories import EssayFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
LONG_URL = "https://a-very-long-domain-name-for-a-reader.example/" + "path-segment/" * 8
# A real comment: paragraphs, a long link, a word with no place to break.
LONG_BODY = (
    "The second section reads the river treaty as settled law. " * 12
    + f'\n\nSee <a href="{LONG_URL}">{LONG_URL}</a> and '
    + "Donaudampfschifffahrtsgesellschaftskapitän" * 3
)


@pytest.fixture
def desk(live_server):
    """Three readers on one office network (two comments pending), and a moderator."""
    restore_roles()
    StaffFactory(username="desk-moderator", group="Moderators")
    essay = EssayFactory(title="On Shared Rivers")
    office = [
        CommentFactory(essay=essay, author_name="Ann", author_email="ann@example.com",
                       ip_address="203.0.113.5"),
        CommentFactory(essay=essay, author_name="Bo", author_email="bo@example.com",
                       ip_address="203.0.113.77", author_url=LONG_URL, body=LONG_BODY),
        CommentFactory(essay=essay, author_name="Cy", author_email="cy@example.com",
                       ip_address="203.0.113.9", status=Comment.Status.APPROVED),
    ]  # fmt: skip
    return live_server, office


def log_in(page, server, next_path: str) -> None:
    page.goto(f"{server.url}{reverse('admin:login')}?next={next_path}")
    page.fill("#id_username", "desk-moderator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_blocking_a_range_shows_who_and_what_first_and_can_be_undone(desk, new_page):
    server, (ann, _, _) = desk
    page = new_page()
    log_in(page, server, reverse("admin:comments_comment_change", args=[ann.pk]))
    page.get_by_role("link", name="Block commenter…").click()

    page.get_by_label("Its whole range").check()
    page.fill("#id_target-0-email", "")
    page.fill("#id_note", "An office flooding the essays")
    page.get_by_role("button", name="Preview").click()

    preview = page.locator("#block-preview")
    expect(preview).to_contain_text("This block covers 3 commenters, 2 pending comments")
    expect(preview).to_contain_text("cy@example.com")
    assert not BlockedCommenter.objects.exists()  # nothing applies before Block
    page.get_by_label("Also move the pending comments listed below to the trash").check()
    page.get_by_role("button", name="Block", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Blocked range 203.0.113.0/24; 2 comments moved to the trash."
    )
    block = BlockedCommenter.objects.get()
    assert (block.ip_range, block.note) == ("203.0.113.0/24", "An office flooding the essays")
    statuses = dict(Comment.objects.values_list("author_name", "status"))
    assert statuses == {"Ann": "trash", "Bo": "trash", "Cy": "approved"}

    page.locator(".messagelist").get_by_role("button", name="Undo").click()
    expect(page.locator(".messagelist")).to_contain_text("The block was lifted.")
    assert not BlockedCommenter.objects.exists()
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 2


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_queue_does_not_scroll_sideways(desk, new_page, screenshots, viewport):
    server, _ = desk
    page = new_page(viewport=viewport)
    page.set_viewport_size({"width": 1280 if viewport == "desktop" else 390, "height": 900})
    log_in(page, server, reverse("admin:comments_comment_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    page.screenshot(path=screenshots / f"moderation-queue-{viewport}.png", full_page=True)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in {widths[1]} px"
    # The admin wraps the table in a box that scrolls: the buttons must not hide in it.
    results = page.evaluate(
        "() => { const box = document.querySelector('#changelist .results');"
        " return [box.scrollWidth, box.clientWidth]; }"
    )
    assert results[0] <= results[1], f"the queue is {results[0]} px wide in {results[1]} px"
    for button in page.locator("#result_list .cm-action").all():
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= widths[1]
