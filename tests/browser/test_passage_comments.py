"""Comments on a passage in Chromium at 1,440, 1,024 and 390 px: posted from the margin
control (or a selection), approved, then shown with the quote and a count that jumps to it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import comment_approve
from tests.browser import test_sidenotes
from tests.browser.conftest import ESSAY_SLUG
from tests.browser.test_sidenotes import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

sized_page = test_sidenotes.sized_page  # the same fixture: a page of a given width


def open_essay(page, server, query=""):
    url = server.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG}) + query
    assert page.goto(url).ok


def post_from_the_form(page, body: str):
    page.fill("#id_author_name", "Mina Lau")
    page.fill("#id_author_email", "mina@example.com")
    page.fill("#id_body", body)
    page.click("#respond button[type=submit]")
    page.wait_for_load_state()


def approve_latest() -> Comment:
    comment = Comment.objects.latest("pk")
    return comment_approve(comment=comment)


def paragraph_id(page, n: int) -> str:
    return page.locator(".essay__body > p[id^='p-']").nth(n).get_attribute("id")


@pytest.mark.parametrize("width", WIDTHS.values())
def test_a_passage_comment_posted_from_the_margin_shows_its_quote_and_count(
    demo, sized_page, screenshots, width
):
    page = sized_page(width)
    open_essay(page, demo)
    target = paragraph_id(page, 2)
    control = page.locator(f"#{target} .passage__respond")
    control.tap() if width < 600 else control.click()
    expect(page.locator("#form-passage")).to_be_visible()
    assert page.locator("input[name=anchor_id]").input_value() == target
    quote = page.locator("#form-passage [data-passage-quote]").inner_text()
    assert quote and quote[:40] in page.locator(f"#{target}").inner_text()
    post_from_the_form(page, f"A passage comment read at {width} px.")

    comment = approve_latest()
    assert comment.anchor_id == target
    open_essay(page, demo)
    item = page.locator(f"#comment-{comment.pk}")
    expect(item.locator(".comment__passage blockquote")).to_have_text(comment.anchor_quote)
    assert item.locator(".comment__passage-link").get_attribute("href") == f"#{target}"
    count = page.locator(f"#{target} .passage__count")
    expect(count).to_be_visible()
    expect(count).to_contain_text("1")
    box = count.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the count is off the screen"
    count.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"passage-count-{width}.png")
    count.tap() if width < 600 else count.click()
    page.wait_for_function(f"location.hash === '#comment-{comment.pk}'")
    expect(item).to_be_in_viewport()
    page.screenshot(path=screenshots / f"passage-comment-{width}.png")


def test_at_1440_counts_and_controls_sit_in_the_left_margin_clear_of_the_sidenotes(
    demo, sized_page
):
    page = sized_page(WIDTHS["wide"])
    open_essay(page, demo)
    boxes = page.evaluate(
        """() => {
            const body = document.querySelector('.essay__body').getBoundingClientRect();
            const rect = el => {
                const r = el.getBoundingClientRect();
                const top = r.top + scrollY;
                return {left: r.left, right: r.right, top, bottom: top + r.height};
            };
            return {
                body: {left: body.left, right: body.right},
                margins: [...document.querySelectorAll('.essay__body .passage')].map(rect),
                sidenotes: [...document.querySelectorAll('.essay__body .sidenote')]
                    .filter(el => el.offsetParent !== null).map(rect),
            };
        }"""
    )
    assert boxes["margins"] and boxes["sidenotes"]
    for margin in boxes["margins"]:
        assert margin["left"] >= 0 and margin["right"] <= boxes["body"]["left"]
        for note in boxes["sidenotes"]:
            apart = margin["right"] <= note["left"] or margin["bottom"] <= note["top"]
            assert apart or margin["top"] >= note["bottom"], (margin, note)


def test_selecting_words_offers_a_comment_on_the_selection(demo, sized_page):
    page = sized_page(WIDTHS["wide"])
    open_essay(page, demo)
    target = paragraph_id(page, 1)
    words = page.evaluate(
        """id => {
            const text = [...document.getElementById(id).childNodes]
                .find(node => node.nodeType === 3 && node.textContent.trim().length > 30);
            const range = document.createRange();
            range.setStart(text, 4);
            range.setEnd(text, 28);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return range.toString();
        }""",
        target,
    )
    button = page.get_by_role("button", name="Comment on selection")
    expect(button).to_be_visible()
    button.click()
    assert page.locator("input[name=anchor_id]").input_value() == target
    assert page.locator("input[name=anchor_quote]").input_value() == " ".join(words.split())
    post_from_the_form(page, "On exactly these words.")
    assert Comment.objects.latest("pk").anchor_quote == " ".join(words.split())


def test_without_script_the_control_is_a_link_to_a_filled_form(demo, sized_page):
    page = sized_page(WIDTHS["phone"], javascript=False)
    open_essay(page, demo)
    target = paragraph_id(page, 0)
    page.locator(f"#{target} .passage__respond").click()
    page.wait_for_load_state()
    assert f"passage={target}" in page.url
    expect(page.locator("#form-passage")).to_be_visible()
    post_from_the_form(page, "Posted without JavaScript, on a passage.")
    assert approve_latest().anchor_id == target


@pytest.mark.parametrize("width", WIDTHS.values())
def test_passage_comments_and_the_filled_form_have_no_accessibility_violations(
    demo, sized_page, axe, width
):
    page = sized_page(width)
    open_essay(page, demo)
    target = paragraph_id(page, 0)
    page.locator(f"#{target} .passage__respond").click()
    post_from_the_form(page, "A comment for the accessibility check.")
    approve_latest()
    open_essay(page, demo, f"?passage={paragraph_id(page, 1)}")
    expect(page.locator("#form-passage")).to_be_visible()
    violations = axe(page)
    assert not violations, "\n".join(violations)
