"""A reader asks for replies on the comment form, confirms from the mail a real SMTP server
received, hears of their comment's publication and of a reply, and unsubscribes in one click."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment, Subscription
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from comments.services.outbox import outbox_run_once
from tests.browser.conftest import ESSAY_SLUG
from tests.smtp_server import SmtpTestServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings):
    with SmtpTestServer() as server:
        server.use_in(settings)
        yield server


def delivered(smtp, count: int):
    """Run the worker once; Ada's mail the SMTP server now holds, newest last (the essay's
    authors are mailed too)."""
    outbox_run_once()
    to_ada = [message for message in smtp.messages if message["To"] == "ada@example.org"]
    assert len(to_ada) == count, [message["Subject"] for message in to_ada]
    return to_ada[-1]


def link(message, path_start: str) -> str:
    (url,) = re.findall(rf"(http://\S+{path_start}\S+)", message.get_content())[:1]
    return url


def test_subscribe_confirm_hear_of_a_reply_and_unsubscribe(demo, new_page, smtp, settings):
    settings.SITE_URL = demo.url  # links in the mail lead to the live server
    page = new_page()
    page.goto(demo.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG}))
    page.fill("#id_author_name", "Ada Quill")
    page.fill("#id_author_email", "ada@example.org")
    page.fill("#id_body", "Does the river's arithmetic hold in a dry year?")
    page.check("#id_notify_replies")
    page.click("#respond button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Thank you")

    confirmation = delivered(smtp, 1)
    assert confirmation["To"] == "ada@example.org"
    page.goto(link(confirmation, "/subscriptions/confirm/"))
    assert Subscription.objects.active().count() == 0, "opening the link confirms nothing"
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Confirmed")

    ada = Comment.objects.get(author_email="ada@example.org")
    comment_approve(comment=ada)
    assert "is published" in delivered(smtp, 2)["Subject"]

    reply = comment_create(
        essay=ada.essay,
        data=CommentData("Ben Ferris", "ben@example.org", "", "It holds: see note iv.", ada),
        meta=RequestMeta(ip_address="192.0.2.7"),
    )
    comment_approve(comment=reply)
    notice = delivered(smtp, 3)
    # Folded as an encoded word on the next line: the parsed value starts with the fold's space.
    assert notice["Subject"].strip().startswith("[Marginalia] Ben Ferris replied to your comment")
    assert "It holds: see note iv." in notice.get_content()
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(notice["List-Unsubscribe"].strip().strip("<>"))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Unsubscribed")
    assert Subscription.objects.get(kind="replies").unsubscribed_at is not None

    second = comment_create(
        essay=ada.essay,
        data=CommentData("Cy Moss", "cy@example.org", "", "And in a wet one?", ada),
        meta=RequestMeta(ip_address="192.0.2.8"),
    )
    comment_approve(comment=second)
    delivered(smtp, 3)  # nothing more after unsubscribing
