"""The media library in the admin: upload within the pixel limit, alt text required, the list,
the writing page's picker and its upload, and who may use them (Editors, not Moderators)."""

import json
from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from essays.models import Essay, MediaItem
from tests.essays.test_image_upload_limits import huge_png
from tests.factories import EssayFactory, MediaItemFactory
from tests.publication import essay_admin_form

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("media_root"),
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

ADD = reverse("admin:essays_mediaitem_add")
LIST = reverse("admin:essays_mediaitem_changelist")
PICKER = reverse("admin:essays_mediaitem_picker")
UPLOAD = reverse("admin:essays_mediaitem_upload")
TOO_LARGE = (
    "This image is 13000 × 13000 pixels (169 megapixels); the limit is 40 megapixels. "
    "Resize it and upload again."
)


def jpeg(size=(1200, 800)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (40, 90, 180)).save(buffer, "JPEG")
    return SimpleUploadedFile("heron.jpg", buffer.getvalue(), content_type="image/jpeg")


def upload(client, url=ADD, image=None, **fields):
    data = {"alt": "A grey heron", "caption": "", "credit": ""} | fields
    return client.post(url, data | {"image": image or jpeg()})


def test_an_editor_uploads_an_image_and_its_renditions_are_made(editor_client, editor, media_root):
    response = upload(editor_client, caption="At dawn", credit="Photo: Jo")

    assert response.status_code == HTTPStatus.FOUND
    item = MediaItem.objects.get()
    assert (item.alt, item.caption, item.credit) == ("A grey heron", "At dawn", "Photo: Jo")
    assert (item.width, item.height, item.uploaded_by) == (1200, 800, editor)
    made = sorted(path.name for path in (media_root / "renditions").glob("*/*.webp"))
    assert made == ["1200.webp", "480.webp", "800.webp"]


def test_an_image_over_the_pixel_limit_is_refused_at_upload_and_the_text_kept(editor_client):
    bomb = SimpleUploadedFile("bomb.png", huge_png(13000, 13000), content_type="image/png")

    response = upload(editor_client, image=bomb, caption="What was typed stays")

    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert form.errors["image"] == [TOO_LARGE]
    assert form.data["caption"] == "What was typed stays"
    assert not MediaItem.objects.exists()


def test_alt_text_is_required(editor_client):
    response = upload(editor_client, alt="   ")

    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["alt"] == ["This field is required."]
    assert not MediaItem.objects.exists()


def test_the_list_shows_thumbnails_and_searches_alt_text_and_caption(editor_client):
    MediaItemFactory(alt="A grey heron", caption="The weir at dawn")
    MediaItemFactory(alt="A red kite", caption="Over the ridge")

    listed = editor_client.get(LIST)
    by_caption = editor_client.get(LIST, {"q": "ridge"})
    by_alt = editor_client.get(LIST, {"q": "heron"})

    assert listed.text.count('class="media-thumbnail"') == 2
    assert '/480.webp" alt="" width="96"' in listed.text
    assert [str(item) for item in by_caption.context["cl"].result_list] == ["A red kite"]
    assert [str(item) for item in by_alt.context["cl"].result_list] == ["A grey heron"]


def test_the_change_page_gives_the_line_that_places_the_image_and_where_it_is_shown(
    editor_client,
):
    item = MediaItemFactory(alt="A grey heron")
    EssayFactory(title="Rivers", body=f"![](media:{item.pk})")

    response = editor_client.get(reverse("admin:essays_mediaitem_change", args=[item.pk]))

    assert f"<code>![A grey heron](media:{item.pk})</code>" in response.text
    assert ">Rivers</a>" in response.text


def test_editing_the_caption_in_the_admin_updates_the_essays_showing_it(editor_client):
    item = MediaItemFactory(alt="A grey heron", caption="At dawn")
    essay = EssayFactory(body=f"![](media:{item.pk})")

    response = editor_client.post(
        reverse("admin:essays_mediaitem_change", args=[item.pk]),
        {"alt": "A grey heron", "caption": "At dusk", "credit": ""},
        follow=True,
    )

    essay.refresh_from_db()
    assert "At dusk" in essay.body_html
    assert "1 essay showing it was updated." in response.text


# Who may: Editors have every media permission (essays 0011), Moderators none.


@pytest.mark.parametrize("url", [LIST, ADD, PICKER])
def test_moderators_cannot_open_the_library_or_its_picker(moderator_client, url):
    assert moderator_client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_moderators_cannot_upload_through_the_picker(moderator_client):
    response = upload(moderator_client, UPLOAD)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not MediaItem.objects.exists()


def test_the_picker_needs_a_staff_login(client):
    response = client.get(PICKER)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("perm", ["add", "change", "delete", "view"])
def test_editors_hold_every_media_permission(editor, perm):
    assert editor.has_perm(f"essays.{perm}_mediaitem")


# The picker of the writing page (static/js/editor-media.js).


def test_the_picker_lists_the_newest_images_by_search_in_fixed_queries(
    editor_client, django_assert_max_num_queries
):
    MediaItemFactory.create_batch(5, caption="Rivers")
    kite = MediaItemFactory(alt="A red [kite]", caption="Over the ridge", credit="Photo: Al")

    with django_assert_max_num_queries(6) as few:
        editor_client.get(PICKER)
    MediaItemFactory.create_batch(10)
    with django_assert_max_num_queries(len(few)):
        every = editor_client.get(PICKER).json()["results"]
    found = editor_client.get(PICKER, {"q": "ridge"}).json()["results"]

    assert len(every) == 16 and every[0]["id"] > every[-1]["id"]  # the newest first
    (entry,) = found
    assert entry == {
        "id": kite.pk,
        "alt": "A red [kite]",
        "caption": "Over the ridge",
        "credit": "Photo: Al",
        "width": 1000,
        "height": 500,
        "thumbnail": entry["thumbnail"],
        "markdown": rf"![A red \[kite\]](media:{kite.pk})",
    }
    assert entry["thumbnail"].endswith("/480.webp")


def test_the_picker_uploads_an_image_and_answers_with_its_line(editor_client, editor):
    response = upload(editor_client, UPLOAD, alt="A grey heron", credit="Photo: Jo")

    assert response.status_code == HTTPStatus.CREATED
    item = MediaItem.objects.get()
    assert item.uploaded_by == editor and item.credit == "Photo: Jo"
    assert response.json()["markdown"] == f"![A grey heron](media:{item.pk})"


def test_the_picker_refuses_a_pixel_bomb_and_a_missing_alt_field_by_field(editor_client):
    bomb = SimpleUploadedFile("bomb.png", huge_png(13000, 13000), content_type="image/png")

    response = upload(editor_client, UPLOAD, image=bomb, alt="")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert json.loads(response.content)["errors"] == {
        "image": [TOO_LARGE],
        "alt": ["This field is required."],
    }
    assert not MediaItem.objects.exists()


def test_the_picker_upload_only_takes_a_post(editor_client):
    assert editor_client.get(UPLOAD).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_picker_upload_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, UPLOAD).status_code == HTTPStatus.FORBIDDEN
    assert not MediaItem.objects.exists()


# The essay form: a hero from the library, and a warning for a figure not in it.


def test_the_hero_is_chosen_from_the_library_in_the_essay_form(editor_client):
    item = MediaItemFactory(alt="A grey heron")

    response = editor_client.post(
        reverse("admin:essays_essay_add"), essay_admin_form(hero_media=item.pk)
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Essay.objects.get().hero_media == item


def test_saving_an_essay_with_an_unknown_image_warns(editor_client):
    response = editor_client.post(
        reverse("admin:essays_essay_add"),
        essay_admin_form(body="Text.\n\n![Lost](media:424242)"),
        follow=True,
    )

    assert "Not in the media library, so readers see nothing there: media:424242." in (
        response.text
    )


def test_the_preview_shows_the_figure_and_warns_of_unknown_and_loose_images(editor_client):
    item = MediaItemFactory(alt="A grey heron", credit="Photo: Jo")
    body = f"![](media:{item.pk})\n\n![](media:424242)\n\nA sentence ![](media:{item.pk}) here."

    response = editor_client.post(
        reverse("essays:preview-render"),
        {"body": body, "note_style": "arabic", "citation_style": "shortened",
         "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == HTTPStatus.OK
    assert response.text.count("<figure") == 1
    assert 'type="image/webp"' in response.text
    assert '<span class="credit">Photo: Jo' in response.text
    assert "Not in the media library, so readers see nothing there: media:424242." in response.text
    assert f"An image from the library needs a line of its own; left out: media:{item.pk}." in (
        response.text
    )


def test_the_preview_costs_the_same_queries_for_one_figure_or_six(editor_client):
    items = MediaItemFactory.create_batch(6)

    def queries(count: int) -> int:
        body = "\n\n".join(f"![](media:{item.pk})" for item in items[:count])
        data = {"body": body, "note_style": "arabic", "citation_style": "shortened",
                "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0"}  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.post(reverse("essays:preview-render"), data)
        assert response.text.count("<figure") == count
        return len(captured)

    assert queries(1) == queries(6)
