"""Comments on a passage: the anchor checked when posted, never at the cost of the text."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.passages import QUOTE_MAX, anchor_for_post, paragraph_now
from comments.services import comment_approve
from essays.paragraphs import paragraphs
from tests.comments.factories import CommentFactory
from tests.comments.test_posting import form_data
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
LONG = " ".join(f"word{n}" for n in range(120))
BODY = f"""The opening paragraph, about   marginal notes.

A middle paragraph on readers who write back.

{LONG}"""


@pytest.fixture(autouse=True)
def open_posting(settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0


@pytest.fixture
def essay(db):
    return EssayFactory(body=BODY)


def ids(essay):
    return [p.id for p in paragraphs(essay.body_html)]


def post(client, essay, **fields):
    return client.post(reverse("comments:post", args=[essay.slug]), form_data(essay, **fields))


def test_a_comment_keeps_its_paragraph_and_the_words_it_quoted(client, essay):
    middle = ids(essay)[1]
    response = post(client, essay, anchor_id=middle, anchor_quote="  readers\n who  write ")
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    assert (comment.anchor_id, comment.anchor_quote) == (middle, "readers who write")


def test_a_quote_cut_short_keeps_its_ellipsis_within_the_limit(client, essay):
    long = ids(essay)[2]
    post(client, essay, anchor_id=long, anchor_quote=LONG[:150] + "…")
    post(client, essay, anchor_id=long, anchor_quote=LONG[:400] + "…", body="Again.")
    short, capped = Comment.objects.order_by("pk")
    assert short.anchor_quote == LONG[:150] + "…"
    assert len(capped.anchor_quote) <= QUOTE_MAX and capped.anchor_quote.endswith("…")


def test_a_quote_not_in_the_paragraph_becomes_its_start(client, essay):
    first = ids(essay)[0]
    post(client, essay, anchor_id=first, anchor_quote="words from elsewhere")
    assert Comment.objects.get().anchor_quote == "The opening paragraph, about marginal notes."


def test_a_long_paragraph_is_quoted_from_its_start_within_the_limit(client, essay):
    post(client, essay, anchor_id=ids(essay)[2], anchor_quote="")
    quote = Comment.objects.get().anchor_quote
    assert len(quote) <= QUOTE_MAX and quote.endswith("…") and LONG.startswith(quote[:-1])


def test_a_passage_no_longer_in_the_essay_posts_a_general_comment_and_says_so(client, essay):
    response = post(client, essay, anchor_id="p-00000000", anchor_quote="gone")
    comment = Comment.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert comment.body == "A thoughtful remark about the second section."
    assert (comment.anchor_id, comment.anchor_quote) == ("", "")
    page = client.get(response["Location"])
    assert "no longer in the essay" in page.text


def test_a_reply_answers_its_comment_not_a_passage(client, essay):
    parent = CommentFactory(essay=essay, status=Comment.Status.APPROVED)
    post(client, essay, parent=str(parent.pk), anchor_id=ids(essay)[0])
    reply = Comment.objects.get(parent=parent)
    assert reply.anchor_id == "" and reply.anchor_quote == ""


def hostile_values():
    vectors = [entry["vector"] for entry in json.loads((DATA / "xss_core.json").read_text())]
    unicode = [
        entry["value"] for entry in json.loads((DATA / "unicode_edge_cases.json").read_text())
    ]
    return vectors[::20] + unicode[::25] + ["\x00", "p-" + "a" * 5000, '"><p id="p-1">']


@pytest.mark.parametrize("value", hostile_values())
def test_a_hostile_anchor_or_quote_loses_no_text_and_breaks_no_html(client, essay, value):
    first = ids(essay)[0]
    assert post(client, essay, anchor_id=value, anchor_quote=value).status_code == HTTPStatus.FOUND
    assert (
        post(client, essay, anchor_id=first, anchor_quote=value, body="Second remark.").status_code
        == HTTPStatus.FOUND
    )
    general, anchored = Comment.objects.order_by("pk")
    assert general.anchor_id == "" and anchored.anchor_id == first
    # The stored quote is always words of the paragraph, whatever was sent.
    assert anchored.anchor_quote in paragraphs(essay.body_html)[0].text
    for comment in (general, anchored):
        comment_approve(comment=comment)
    page = client.get(essay.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert "<script" not in page.text.split("</head>", 1)[1].replace('<script src="', "")


def test_a_hostile_anchor_in_a_failed_post_is_shown_back_escaped(client, essay):
    response = post(client, essay, body="", anchor_id='"><b>x</b>', anchor_quote="<i>q</i>")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "<b>x</b>" not in response.text and "<i>q</i>" not in response.text
    assert 'value="&lt;i&gt;q&lt;/i&gt;"' in response.text


def test_the_quote_finds_the_paragraph_after_it_is_edited():
    old = paragraphs(EssayFactory.build(body=BODY).render().body_html)
    edited = EssayFactory.build(body=BODY.replace("write back", "write back at length"))
    now = paragraphs(edited.render().body_html)
    assert old[1].id not in [p.id for p in now]
    assert paragraph_now(old[1].id, "readers who write", now) == now[1].id
    assert paragraph_now(old[1].id, "words nowhere now", now) is None


def test_an_anchor_must_name_a_paragraph_of_this_essay():
    other = EssayFactory.build(body="Another essay.").render().body_html
    html = EssayFactory.build(body=BODY).render().body_html
    assert anchor_for_post(html, anchor_id=paragraphs(other)[0].id, quote="") is None
