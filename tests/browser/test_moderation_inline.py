"""Quick edit and Reply inside a row of the queue, in Chromium at 1,280 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment, StatusChange
from comments.spam.verdict import Reason
from tests.browser.conftest import WCAG_TAGS
from tests.comments.factories import CommentFactory
from tests.conftest import restore_roles
from tests.factories import EssayFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def queue(live_server):
    """Two pending comments on one essay, and a moderator with a name and an email."""
    restore_roles()
    StaffFactory(username="inline-moderator", group="Moderators", first_name="Ines",
                 last_name="Moder", email="ines@example.org")  # fmt: skip
    essay = EssayFactory(title="On Shared Rivers")
    ann = CommentFactory(essay=essay, author_name="Ann", body="The treaty is from 1921, I tihnk.")
    bo = CommentFactory(essay=essay, author_name="Bo", body="Which map is the second one?")
    return live_server, ann, bo


def open_queue(page, server, *, scripted: bool = True) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server.url}{reverse('admin:login')}?next={CHANGELIST}")
    page.fill("#id_username", "inline-moderator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#result_list")).to_be_visible()
    # The table shows while the page is still parsing; the shortcuts and the in-row forms are
    # wired at DOMContentLoaded, and moderation.js marks the current row when they are.
    if scripted:
        expect(page.locator("#result_list tbody tr.cm-current")).to_have_count(1)


def row_of(page, name: str):
    return page.locator("#result_list tbody tr").filter(has_text=name)


def test_quick_edit_in_the_row_keeps_what_was_typed_and_saves_in_place(
    queue, new_page, screenshots
):
    server, ann, _ = queue
    page = new_page()
    open_queue(page, server)
    url = page.url
    row = row_of(page, "Ann")
    row.get_by_role("link", name="Quick edit").click()

    form = row.locator("form.cm-quick-edit")
    expect(form.get_by_label("Text")).to_have_value("The treaty is from 1921, I tihnk.")
    page.screenshot(path=screenshots / "moderation-queue-inline-desktop.png", full_page=True)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in {widths[1]} px"

    form.get_by_label("Name").fill("")
    form.get_by_label("Text").fill("The treaty is from 1921, I think.")
    form.get_by_role("button", name="Save").click()
    refused = row.locator("form.cm-quick-edit")
    expect(refused).to_contain_text("This field is required.")
    expect(refused.get_by_label("Text")).to_have_value("The treaty is from 1921, I think.")
    assert Comment.objects.get(pk=ann.pk).body == "The treaty is from 1921, I tihnk."

    refused.get_by_label("Name").fill("Ann Lee")
    refused.get_by_label("Status").select_option("approved")
    refused.get_by_role("button", name="Save").click()

    expect(row.locator(".cm-inline-status")).to_have_text("Saved Ann Lee's comment (Approved).")
    expect(row.locator(".field-comment_column .cm-body")).to_have_text(
        "The treaty is from 1921, I think."
    )
    expect(row.locator(".cm-status")).to_have_text("Approved")
    expect(row.locator("form.cm-quick-edit")).to_have_count(0)
    assert page.url == url  # the same place in the queue: nothing reloaded
    saved = Comment.objects.get(pk=ann.pk)
    assert (saved.author_name, saved.status, saved.content_version) == ("Ann Lee", "approved", 2)
    edit = saved.history.get(reason=StatusChange.Reason.EDIT)
    assert edit.note == "edited by inline-moderator: name, body"


def test_reply_in_the_row_posts_and_shows_the_reply(queue, new_page):
    server, _, bo = queue
    page = new_page()
    open_queue(page, server)
    row = row_of(page, "Bo")
    row.get_by_role("link", name="Reply").click()

    form = row.locator("form.cm-reply")
    expect(form).to_contain_text("Your reply is posted as Ines Moder")
    form.get_by_label("Your reply").fill("The second map is the 1921 survey.")
    form.get_by_role("button", name="Reply").click()

    shown = row.locator(".cm-inline-reply")
    expect(shown).to_contain_text("Ines Moder replied")
    expect(shown).to_contain_text("The second map is the 1921 survey.")
    expect(row.locator(".cm-inline-status")).to_have_text("Replied to Bo; the reply is approved.")
    reply = Comment.objects.get(parent=bo)
    assert (reply.status, reply.is_from_editors, reply.author_email) == (
        "approved", True, "ines@example.org"
    )  # fmt: skip


def test_r_and_q_open_the_forms_cancel_closes_them_and_typing_is_not_a_shortcut(queue, new_page):
    server, ann, _ = queue
    page = new_page()
    open_queue(page, server)
    row = row_of(page, "Ann")  # the oldest: the current row when the queue opens
    page.keyboard.press("r")  # WordPress's key for Reply
    box = row.locator("form.cm-reply").get_by_label("Your reply")
    box.press_sequentially("a spam test")  # "a" and "s" are shortcuts outside a form
    expect(box).to_have_value("a spam test")
    row.get_by_role("button", name="Cancel").click()
    expect(row.locator("form.cm-reply")).to_have_count(0)
    assert Comment.objects.get(pk=ann.pk).status == Comment.Status.PENDING
    page.keyboard.press("q")  # and Quick edit's
    expect(row.locator("form.cm-quick-edit").get_by_label("Name")).to_be_focused()


def test_without_javascript_quick_edit_is_a_page_that_returns_to_the_queue(queue, browser):
    server, ann, _ = queue
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        open_queue(page, server, scripted=False)
        queue_url = page.url
        row_of(page, "Ann").get_by_role("link", name="Quick edit").click()
        expect(page).to_have_url(re.compile(r"/quick-edit/\?next="))
        page.get_by_label("Text").fill("The treaty is from 1921, I think.")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(queue_url)
        expect(page.locator(".messagelist")).to_contain_text("Saved Ann's comment (Pending).")
        assert Comment.objects.get(pk=ann.pk).body == "The treaty is from 1921, I think."
    finally:
        context.close()


def test_a_reason_in_a_row_filters_the_queue_by_it(queue, new_page):
    server, ann, bo = queue
    quick = Reason("timing", "sent 1.2 s after the form was shown", {"seconds": 1.2})
    Comment.objects.filter(pk=ann.pk).update(
        verdict_reasons=[quick.as_json()], verdict_codes=",timing,"
    )
    Comment.objects.filter(pk=bo.pk).update(
        verdict_reasons=[Reason("first_time", "first comment from this commenter").as_json()],
        verdict_codes=",first_time,",
    )
    page = new_page()
    open_queue(page, server)
    expect(page.locator("#changelist-filter")).to_contain_text("Sent quickly")
    row_of(page, "Ann").get_by_role("link", name="sent 1.2 s after the form was shown").click()
    expect(page).to_have_url(re.compile(r"reason=timing"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(row_of(page, "Ann")).to_be_visible()


def test_the_forms_in_a_row_have_no_accessibility_violations(queue, new_page, axe_source):
    server, _, _ = queue
    page = new_page()
    open_queue(page, server)
    ann, bo = row_of(page, "Ann"), row_of(page, "Bo")
    ann.get_by_role("link", name="Quick edit").click()
    ann.locator("form.cm-quick-edit").get_by_label("Email").fill("not an address")
    ann.locator("form.cm-quick-edit").get_by_role("button", name="Save").click()
    expect(ann.locator("form.cm-quick-edit")).to_contain_text("Enter a valid email address.")
    bo.get_by_role("link", name="Reply").click()
    expect(bo.locator("form.cm-reply")).to_be_visible()
    expect(page.locator(".cm-panel")).to_have_count(2)  # what axe is given to check

    page.evaluate(axe_source)
    result = page.evaluate(
        "options => axe.run({include: [['.cm-panel']]}, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = [
        f"{v['id']}: {v['help']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert not violations, "\n".join(violations)
