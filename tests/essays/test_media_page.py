"""The essay page with library images: figures in the text, the hero, and a fixed query count."""

import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EssayFactory, MediaItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def page_queries(client, essay) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(essay.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return len(captured), response.text


def test_two_figures_and_a_library_hero_cost_no_query_more_than_plain_text(client):
    plain = EssayFactory(slug="plain", body="Words.\n\nMore words.")
    heron, kite = MediaItemFactory(caption="A heron"), MediaItemFactory(credit="Photo: Al")
    pictured = EssayFactory(
        slug="pictured",
        body=f"Words.\n\n![](media:{heron.pk})\n\nMore words.\n\n![](media:{kite.pk})",
        hero_media=MediaItemFactory(alt="The river from above"),
    )

    plain_count, _ = page_queries(client, plain)
    pictured_count, html = page_queries(client, pictured)

    assert pictured_count == plain_count
    body = html[html.index('class="essay__body') :]
    assert len(re.findall(r'<figure[^>]* class="figure">', body)) == 2
    assert body.count('type="image/webp" srcset="') == 2
    assert 'loading="lazy"' in body and 'alt="The river from above"' not in body


def test_the_hero_from_the_library_brings_its_alt_text_caption_and_credit(client):
    item = MediaItemFactory(
        alt="The river from above", caption="The delta in spring", credit="Photo: Jo"
    )
    essay = EssayFactory(hero_media=item, hero_alt="An old upload's text")

    html = client.get(essay.get_absolute_url()).text

    hero = html[html.index('<figure class="hero">') :]
    hero = hero[: hero.index("</figure>")]
    assert 'alt="The river from above"' in hero and 'loading="eager"' in hero
    assert '<source type="image/webp"' in hero
    assert '<figcaption>The delta in spring <span class="credit">Photo: Jo</span>' in hero
    assert f'<meta property="og:image" content="http://testserver{item.image.url}">' in html
    assert '<meta property="og:image:alt" content="The river from above">' in html
    assert f'"image": ["http://testserver{item.image.url}"]' in html.replace("\\/", "/")


def test_an_essay_with_an_uploaded_hero_keeps_it(client):
    upload = SimpleUploadedFile("river.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    essay = EssayFactory(hero_image=upload, hero_alt="An old upload", hero_caption="Kept")

    html = client.get(essay.get_absolute_url()).text

    assert 'alt="An old upload"' in html and "<figcaption>Kept" in html
