"""Security tests: text that XML cannot carry is refused when typed, and stripped from feeds.

The feeds (RSS and Atom of essays, site-wide, per topic and per author; RSS of comments,
site-wide and per essay) and the sitemap must stay well-formed whatever is already stored.
Strings come from tests/data/unicode_edge_cases.json (see tests/data/README.md).
"""

import json
import xml.etree.ElementTree as ET
from http import HTTPStatus
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from comments.models import Comment
from comments.validators import validate_no_control_characters
from essays.models import Author, Essay, Footnote, Source, Topic
from essays.validators import strip_unpublishable, validate_xml_safe_text
from tests.publication import essay_admin_form, feed_urls, publication_essay

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
UNICODE_CASES = [c["value"] for c in json.loads((DATA / "unicode_edge_cases.json").read_text())]
# Every C0 control that XML 1.0 forbids (all but tab, LF and CR), and its two non-characters.
XML_ILLEGAL = [chr(n) for n in range(0x20) if chr(n) not in "\t\n\r"] + ["\ufffe", "\uffff"]
SWEEP = UNICODE_CASES + [f"Pasted{ch}text" for ch in XML_ILLEGAL]
# Surrogates cannot be encoded for any database, so no stored text holds one.
STORABLE = [value for value in SWEEP if not any("\ud800" <= ch <= "\udfff" for ch in value)]


def parse_xml(content: bytes) -> None:
    """Parse our own output with a strict parser: whether it accepts it is what is tested."""
    ET.fromstring(content)  # noqa: S314


def xml_refuses(text: str) -> bool:
    """The independent oracle: does an XML parser refuse `text` as element content?"""
    try:
        parse_xml(f"<a>{escape(text)}</a>".encode("utf-8", "surrogatepass"))
    except ET.ParseError:
        return True
    return False


def is_noncharacter(ch: str) -> bool:
    return "\ufdd0" <= ch <= "\ufdef" or (ord(ch) & 0xFFFE) == 0xFFFE


# The validator -----------------------------------------------------------------------------


@pytest.mark.parametrize("ch", XML_ILLEGAL, ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_xml_illegal_character_is_refused_naming_its_code_point(ch):
    with pytest.raises(ValidationError) as excinfo:
        validate_xml_safe_text(f"Title{ch}")
    assert f"U+{ord(ch):04X}" in excinfo.value.messages[0]
    assert "cannot be published; remove it." in excinfo.value.messages[0]


def test_vertical_tab_message_says_what_it_is_and_what_to_do():
    with pytest.raises(ValidationError) as excinfo:
        validate_xml_safe_text("A title\x0bpasted from a word processor")
    assert excinfo.value.messages == [
        "This contains a control character (U+000B) that cannot be published; remove it."
    ]


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_lone_surrogates_and_noncharacters_are_refused(text):
    with pytest.raises(ValidationError):
        validate_xml_safe_text(text)


def test_tab_and_line_breaks_and_c1_controls_are_text():
    validate_xml_safe_text("one\ttwo\r\nthree\n\x85\u2028")


@pytest.mark.parametrize("value", SWEEP, ids=[f"text-{i}" for i in range(len(SWEEP))])
def test_validators_refuse_exactly_what_xml_cannot_carry(value):
    unpublishable = xml_refuses(value) or any(map(is_noncharacter, value))
    if unpublishable:
        with pytest.raises(ValidationError):
            validate_xml_safe_text(value)
        # Comments refuse at least as much: also DEL and C1 controls.
        with pytest.raises(ValidationError):
            validate_no_control_characters(value)
    else:
        validate_xml_safe_text(value)
    assert not xml_refuses(strip_unpublishable(value))


@pytest.mark.parametrize("ch", ["\ufffe", "\uffff"])
def test_comment_validator_refuses_the_noncharacters_that_broke_the_comment_feed(ch):
    with pytest.raises(ValidationError) as excinfo:
        validate_no_control_characters(f"Nice essay{ch}")
    assert f"U+{ord(ch):04X}" in excinfo.value.messages[0]


# Admin forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["title", "dek", "body", "hero_alt", "hero_caption", "hero_credit"]
)
def test_essay_admin_refuses_a_control_character_and_keeps_what_was_typed(editor_client, field):
    typed = "Pasted from Word\x0bhere"
    response = editor_client.post(
        reverse("admin:essays_essay_add"), essay_admin_form(**{field: typed})
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert errors[field] == [
        "This contains a control character (U+000B) that cannot be published; remove it."
    ]
    assert response.context["adminform"].form.data[field] == typed
    assert not Essay.objects.exists()


def test_footnote_inline_refuses_a_noncharacter_in_commentary_and_pinpoint(editor_client):
    data = essay_admin_form(
        body="Claim.[^a]",
        **{
            "footnotes-TOTAL_FORMS": "1",
            "footnotes-0-position": "0",
            "footnotes-0-label": "a",
            "footnotes-0-pinpoint": "p. 4\ufffe",
            "footnotes-0-commentary": "See also\uffff",
        },
    )
    response = editor_client.post(reverse("admin:essays_essay_add"), data)

    assert response.status_code == HTTPStatus.OK
    inline = response.context["inline_admin_formsets"][0]  # the footnotes
    errors = inline.formset.forms[0].errors
    assert "U+FFFE" in errors["pinpoint"][0]
    assert "U+FFFF" in errors["commentary"][0]
    assert not Footnote.objects.exists()


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Source, {"title": "Report\x1b[31m red"}, "title"),
        (Source, {"title": "Ok", "authors": "Ada\x00Byron"}, "authors"),
        (Source, {"title": "Ok", "container": "Review\x08s"}, "container"),
        (Source, {"title": "Ok", "publisher": "Press\x1fHouse"}, "publisher"),
        (Author, {"name": "Ada\x0cByron", "slug": "ada"}, "name"),
        (Author, {"name": "Ada", "slug": "ada", "bio": "Writes\x07well"}, "bio"),
        (Topic, {"name": "Water\x0bways", "slug": "water"}, "name"),
        (Topic, {"name": "Water", "slug": "water", "description": "Rivers\ufffe"}, "description"),
    ],
)
def test_other_admin_forms_refuse_unpublishable_characters(superuser, client, model, data, field):
    client.force_login(superuser)
    url = reverse(f"admin:essays_{model._meta.model_name}_add")
    if model is Source:
        data = {"kind": "book", "date_precision": "day"} | data

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors[field]
    assert any(error.endswith("cannot be published; remove it.") for error in errors), errors
    assert not model.objects.exists()


# Feeds and sitemap over whatever is stored -----------------------------------------------


@pytest.fixture
def publication():
    return publication_essay()


def fit(model, field: str, value: str) -> str:
    """`value` cut to the column's length: PostgreSQL enforces it where SQLite does not."""
    return value[: model._meta.get_field(field).max_length]


def store_everywhere(essay: Essay, text: str) -> None:
    """Write `text` straight into the database, as an import or an old row might hold it."""
    if connection.vendor == "postgresql":
        text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL: no row has one
    Source.objects.update(title=fit(Source, "title", f"Source {text}"))
    Topic.objects.update(name=fit(Topic, "name", f"Topic {text}"))
    Author.objects.update(name=fit(Author, "name", f"Author {text}"))
    essay.refresh_from_db()
    essay.title, essay.dek = fit(Essay, "title", f"Title {text}"), fit(Essay, "dek", f"Dek {text}")
    essay.body = f"Body {text} [^a]"
    essay.save()  # renders the body and the notes, with the source's title, as stored HTML
    Essay.objects.filter(pk=essay.pk).update(body_html=f"<p>{escape(text)}</p>")
    name = fit(Comment, "author_name", f"Reader {text}")
    Comment.objects.update(author_name=name, body=f"Said {text}", body_html=escape(text))


def assert_well_formed_feed(content: bytes) -> None:
    parse_xml(content)
    feed = feedparser.parse(content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 1


def test_vertical_tab_in_an_essay_title_does_not_break_the_feeds(client, publication):
    Essay.objects.update(title="Pasted\x0btitle")
    for url in feed_urls(publication)[:6]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert_well_formed_feed(response.content)
        assert "Pastedtitle" in feedparser.parse(response.content).entries[0].title


def test_noncharacter_in_a_comment_does_not_make_the_comment_feeds_malformed(client, publication):
    Comment.objects.update(body="Nice\ufffe essay", body_html="<p>Nice\ufffe essay</p>")
    for url in feed_urls(publication)[6:]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert_well_formed_feed(response.content)
        assert "\ufffe" not in response.content.decode()


@pytest.mark.parametrize("text", STORABLE, ids=[f"stored-{i}" for i in range(len(STORABLE))])
def test_every_feed_and_the_sitemap_are_well_formed_whatever_text_is_stored(
    client, publication, text
):
    store_everywhere(publication, text)

    for url in feed_urls(publication):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert_well_formed_feed(response.content)
    response = client.get(reverse("sitemap"))
    assert response.status_code == HTTPStatus.OK
    parse_xml(response.content)
