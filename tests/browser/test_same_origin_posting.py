"""Chromium posts the real comment form with no CSRF token: from the essay page (with and
without JavaScript) it passes on Fetch Metadata; from another site it is refused, text kept."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from essays.models import Essay
from pages.personal import deflated_heads
from tests.browser.conftest import ESSAY_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELSEWHERE = "http://elsewhere.test/"


def essay_url(server) -> str:
    return server.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG})


@pytest.fixture
def context(browser):
    contexts = []

    def make(*, javascript: bool):
        contexts.append(browser.new_context(java_script_enabled=javascript))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_reader_posts_from_the_essay_page_without_a_token(demo, context, javascript):
    page = context(javascript=javascript).new_page()
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request))
    page.goto(essay_url(demo))
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    page.fill("#id_author_name", "Mina Lau")
    page.fill("#id_author_email", "mina@example.com")
    page.fill("#id_body", "Posted by a browser, no token in sight.")
    page.click("#respond button[type=submit]")

    comment = Comment.objects.get(author_email="mina@example.com")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("no token in sight")
    assert sent[0].header_value("sec-fetch-site") == "same-origin"


def test_a_form_on_another_site_is_refused_and_the_text_is_shown_back(demo, context):
    page = context(javascript=True).new_page()
    action = demo.url + reverse("comments:post", args=[ESSAY_SLUG])
    form = (
        f'<form method="post" action="{action}"><input name="author_name" value="Forged">'
        '<input name="author_email" value="forged@example.com">'
        '<textarea name="body">Words a forger put in a reader&#39;s mouth.</textarea>'
        "<button>Send</button></form>"
    )
    page.route(ELSEWHERE, lambda route: route.fulfill(body=form, content_type="text/html"))
    page.goto(ELSEWHERE)
    with page.expect_navigation() as navigation:
        page.click("button")
    assert navigation.value.status == 403
    expect(page.locator("#kept-body")).to_have_value("Words a forger put in a reader's mouth.")
    assert not Comment.objects.filter(author_email="forged@example.com").exists()


def test_a_remembered_reader_elsewhere_gets_the_spliced_gzip_page(demo, context):
    """Chromium decodes the page whose shared part was compressed once (pages/gzip_splice.py)."""
    other = Essay.objects.published().exclude(slug=ESSAY_SLUG).first()
    other_url = demo.url + other.get_absolute_url()
    context(javascript=False).new_page().goto(other_url)  # an anonymous reader: now cached
    page = context(javascript=True).new_page()
    page.goto(essay_url(demo))
    page.fill("#id_author_name", "Mina Lau")
    page.fill("#id_author_email", "mina@example.com")
    page.fill("#id_body", "A first comment, so the form remembers me.")
    page.check("#id_remember")
    page.click("#respond button[type=submit]")
    expect(page.locator(".comment").last).to_contain_text("the form remembers me")

    deflated_heads.heads.clear()
    response = page.goto(other_url)

    assert response.header_value("content-encoding") == "gzip"
    assert len(deflated_heads.heads) == 1, "the spliced page, not a full render"
    assert "private" in response.header_value("cache-control")
    expect(page.locator("#id_author_name")).to_have_value("Mina Lau")
    expect(page.locator("footer").last).to_be_visible()  # decoded to the end
    assert page.content().rstrip().endswith("</html>")
