"""The media library's images placed in an essay's body as figures, and kept in step with it."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from essays.figures import figure_ids, figure_markdown
from essays.images import renditions_for
from essays.models import MediaItem
from essays.services.media import media_item_add, media_item_delete, media_item_update
from tests.factories import EssayFactory, MediaItemFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def heron():
    return MediaItemFactory(alt="A grey heron on the weir", caption="At dawn", credit="Photo: Jo")


def figures(html: str) -> list[str]:
    return re.findall(r"<figure.*?</figure>", html, re.S)


def test_a_figure_line_becomes_a_responsive_picture_with_its_caption_and_credit(heron):
    essay = EssayFactory(body=f"Before.\n\n![A grey heron on the weir](media:{heron.pk})\n\nAfter.")

    (figure,) = figures(essay.body_html)

    assert '<source type="image/webp" srcset="/media/renditions/' in figure
    assert re.search(r'srcset="[^"]*480\.webp 480w, [^"]*800\.webp 800w, [^"]*1000\.webp 1000w"',
                     figure)  # fmt: skip
    assert re.search(r'<img src="[^"]*/800\.jpg" srcset="[^"]*480\.jpg 480w', figure)
    assert 'width="1000" height="500"' in figure
    assert 'alt="A grey heron on the weir"' in figure
    assert 'loading="lazy"' in figure and 'sizes="(min-width: 46rem) 42rem' in figure
    assert '<figcaption>At dawn <span class="credit">Photo: Jo</span></figcaption>' in figure
    assert essay.body_html.index("Before.") < essay.body_html.index("<figure")
    assert essay.body_html.index("</figure>") < essay.body_html.index("After.")


def test_the_line_s_alt_and_caption_are_this_figure_s_and_the_credit_the_library_s(heron):
    body = f'![Heron, seen from the bridge](media:{heron.pk} "The weir in May")'
    essay = EssayFactory(body=body)

    (figure,) = figures(essay.body_html)
    assert 'alt="Heron, seen from the bridge"' in figure
    assert '<figcaption>The weir in May <span class="credit">Photo: Jo</span>' in figure


def test_empty_brackets_take_the_library_s_alt_text(heron):
    essay = EssayFactory(body=f"![](media:{heron.pk})")
    assert 'alt="A grey heron on the weir"' in essay.body_html


def test_text_in_a_figure_is_escaped_not_run(heron):
    heron.credit = '<script>alert("x")</script>'
    heron.save()
    essay = EssayFactory(body=f'![" onerror="alert(1)](media:{heron.pk} "<b>bold</b>")')

    assert "<script>" not in essay.body_html and "<b>" not in essay.body_html
    assert 'alt="&quot; onerror=&quot;alert(1)"' in essay.body_html
    assert "&lt;b&gt;bold&lt;/b&gt;" in essay.body_html


def test_an_unknown_or_deleted_image_leaves_nothing_and_is_reported(heron):
    essay = EssayFactory(body="Text.\n\n![A lost picture](media:999999)\n\nMore.")

    rendered = essay.render()

    assert "<figure" not in essay.body_html and "<img" not in essay.body_html
    assert "media:999999" not in essay.body_html and "FIGURE" not in essay.body_html
    assert rendered.missing_figures == (999999,)


def test_a_library_image_inside_a_sentence_is_left_out_and_reported(heron):
    essay = EssayFactory(body=f"A heron ![heron](media:{heron.pk}) stood still.")

    rendered = essay.render()

    assert "<img" not in essay.body_html and "stood still" in essay.body_html
    assert rendered.loose_figures == (heron.pk,)


def test_a_figure_line_in_a_code_block_stays_code(heron):
    essay = EssayFactory(body=f"```\n![heron](media:{heron.pk})\n```")
    assert "<figure" not in essay.body_html
    assert f"![heron](media:{heron.pk})" in essay.body_html


def test_only_library_addresses_become_figures():
    essay = EssayFactory(body="![x](javascript:alert(1))\n\n![y](media:abc)")
    assert "javascript" not in essay.body_html and "<figure" not in essay.body_html


def test_figures_are_not_counted_as_words(heron):
    essay = EssayFactory(body=f"Three words here.\n\n![](media:{heron.pk})")
    assert essay.word_count == 3


def test_one_query_finds_every_image_of_the_body(django_assert_num_queries):
    items = MediaItemFactory.create_batch(3)
    body = "\n\n".join(f"![](media:{item.pk})" for item in items)
    essay = EssayFactory.build(body=body)

    with django_assert_num_queries(1):
        rendered = essay.render(footnotes=[])

    assert len(figures(rendered.body_html)) == 3


def test_the_line_given_for_an_image_escapes_brackets_and_finds_its_id():
    line = figure_markdown(12, "A [bracketed]\nword")
    assert line == r"![A \[bracketed\] word](media:12)"
    assert figure_ids(line) == {12}


def test_renditions_are_made_when_the_image_is_added(media_root):
    editor = UserFactory()
    item = MediaItemFactory.build(alt="A heron")

    media_item_add(item=item, uploaded_by=editor)

    stored = MediaItem.objects.get()
    assert (stored.width, stored.height, stored.uploaded_by) == (1000, 500, editor)
    made = sorted(path.name for path in (media_root / "renditions").glob("*/[!.]*"))
    assert made == [
        "1000.jpg", "1000.webp", "480.jpg", "480.webp", "800.jpg", "800.webp", "manifest.json"
    ]  # fmt: skip


def test_alt_text_is_required_by_the_service_and_by_the_database():
    with pytest.raises(ValidationError) as error:
        media_item_add(item=MediaItemFactory.build(alt=""), uploaded_by=None)
    assert "alt" in error.value.message_dict

    item = MediaItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(alt="")


def test_editing_an_image_renders_the_essays_showing_it_again(heron):
    essay = EssayFactory(body=f"![](media:{heron.pk})")
    other = EssayFactory(body="No pictures.")
    updated_at, other_rendered_at = essay.updated_at, other.rendered_at

    heron.caption = "At dusk"
    assert media_item_update(item=heron) == 1

    essay.refresh_from_db()
    assert "At dusk" in essay.body_html and "At dawn" not in essay.body_html
    assert essay.updated_at == updated_at  # not a content edit: no "Updated" line for readers
    other.refresh_from_db()
    assert other.rendered_at == other_rendered_at


def test_an_essay_citing_a_longer_id_is_not_taken_for_a_shorter_one(heron):
    essay = EssayFactory(body=f"![](media:{heron.pk}0)")
    heron.caption = "Changed"
    assert media_item_update(item=heron) == 0
    essay.refresh_from_db()
    assert "Changed" not in essay.body_html


def test_deleting_an_image_takes_its_figures_and_hero_out_of_essays(heron):
    essay = EssayFactory(body=f"Words.\n\n![](media:{heron.pk})", hero_media=heron)

    assert media_item_delete(item=heron) == 1

    essay.refresh_from_db()
    assert "<figure" not in essay.body_html and "Words." in essay.body_html
    assert essay.hero_media is None and essay.hero is None


def test_make_renditions_remakes_the_library_s_missing_renditions(media_root):
    item = MediaItemFactory()  # stored without the service: no renditions yet
    out, err = StringIO(), StringIO()

    call_command("make_renditions", stdout=out, stderr=err)

    assert "1 library image(s) ready, 0 unreadable." in out.getvalue()
    assert renditions_for(item.image).width == 1000
    assert len(list(media_root.glob("renditions/*/manifest.json"))) == 1
