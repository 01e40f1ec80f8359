"""Insert image in Debian's Chromium: pick from the media library or upload in the same step."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from essays.models import MediaItem
from tests.browser import test_essay_editor as editor_page
from tests.essays.test_image_upload_limits import huge_png
from tests.factories import MediaItemFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

# The writing page of tests/browser/test_essay_editor.py: an editor, an essay citing a source.
writing = editor_page.writing
open_form = editor_page.open_form
BODY = "The dam holds back a third of the flow.[^dam]\n\nA second paragraph."


@pytest.fixture
def library(writing, media_root):
    """Two images in the media library, stored under a temporary MEDIA_ROOT."""
    heron = MediaItemFactory(alt="A grey heron on the weir", caption="At dawn")
    kite = MediaItemFactory(alt="A red kite over the ridge", credit="Photo: Al")
    return media_root, heron, kite


def serve_media(page, root: Path) -> None:
    """Uploads from MEDIA_ROOT, as nginx serves them in production (SERVE_MEDIA is off here)."""

    def fulfil(route):
        name = route.request.url.split("/media/", 1)[1].split("?")[0]
        route.fulfill(path=root / name)

    page.route("**/media/**", fulfil)


def open_picker(open_form, library, *, shortcut: bool = False):
    page = open_form()
    serve_media(page, library[0])
    body = page.locator("#id_body")
    body.click()
    body.press("Control+Home")
    body.press("End")  # the end of the first paragraph
    if shortcut:
        body.press("Control+Alt+m")
    else:
        page.get_by_role("button", name="Insert image").click()
    dialog = page.get_by_role("dialog", name="Insert an image")
    expect(dialog.locator(".media-choice")).to_have_count(2)
    return page, dialog


def jpeg_file() -> dict:
    buffer = BytesIO()
    Image.new("RGB", (900, 600), (40, 120, 90)).save(buffer, "JPEG")
    return {"name": "otter.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_a_picked_image_goes_on_a_line_of_its_own_and_the_preview_shows_the_figure(
    open_form, library, writing
):
    _, _, kite = library
    _, essay = writing
    page, dialog = open_picker(open_form, library)

    dialog.get_by_label("Find an image").fill("kite")
    expect(dialog.locator(".media-choice")).to_have_count(1)
    dialog.get_by_label("A red kite over the ridge").check()
    dialog.get_by_role("button", name="Insert image").click()

    line = f"![A red kite over the ridge](media:{kite.pk})"
    expect(page.locator("#id_body")).to_have_value(BODY.replace("\n\n", f"\n\n{line}\n\n"))
    figure = page.locator(".essay-preview figure")
    expect(figure.locator("img")).to_have_attribute("alt", "A red kite over the ridge")
    expect(figure.locator("figcaption")).to_have_text("Photo: Al")
    assert figure.locator("source").get_attribute("type") == "image/webp"
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    essay.refresh_from_db()
    assert essay.body_html.count("<figure") == 1


def test_an_image_uploaded_in_the_picker_joins_the_library_and_is_inserted(open_form, library):
    page, dialog = open_picker(open_form, library, shortcut=True)

    dialog.get_by_label("Image", exact=True).set_input_files(jpeg_file())
    dialog.get_by_label("Alt text").fill("An otter on the bank")
    dialog.get_by_label("Caption").fill("Below the weir")
    dialog.get_by_role("button", name="Insert image").click()

    expect(dialog).to_be_hidden()
    otter = MediaItem.objects.get(alt="An otter on the bank")
    assert (otter.width, otter.height, otter.caption) == (900, 600, "Below the weir")
    assert otter.uploaded_by.username == "desk-editor"
    line = f"![An otter on the bank](media:{otter.pk})"
    expect(page.locator("#id_body")).to_have_value(BODY.replace("\n\n", f"\n\n{line}\n\n"))
    expect(page.locator(".essay-preview figcaption")).to_have_text("Below the weir")


def test_a_pixel_bomb_is_refused_in_the_dialog_and_nothing_is_inserted(open_form, library):
    page, dialog = open_picker(open_form, library)
    bomb = {"name": "bomb.png", "mimeType": "image/png", "buffer": huge_png(13000, 13000)}

    dialog.get_by_label("Image", exact=True).set_input_files(bomb)
    dialog.get_by_label("Alt text").fill("Black")
    dialog.get_by_role("button", name="Insert image").click()

    expect(dialog.get_by_role("alert")).to_have_text(
        "Image: This image is 13000 × 13000 pixels (169 megapixels); the limit is 40 "
        "megapixels. Resize it and upload again."
    )
    expect(dialog).to_be_visible()
    expect(page.locator("#id_body")).to_have_value(BODY)
    assert MediaItem.objects.count() == 2
    refused = [error for error in open_form.errors if error.endswith("/mediaitem/upload/")]
    assert [error.split()[0] for error in refused] == ["400"]
    open_form.errors.remove(refused[0])


def test_insert_without_a_choice_says_what_to_do(open_form, library):
    page, dialog = open_picker(open_form, library)
    dialog.get_by_role("button", name="Insert image").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "Choose an image, or upload one with its alt text."
    )
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#id_body")).to_have_value(BODY)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_insert_image_dialog_fits_and_has_no_accessibility_violations(
    open_form, library, axe, width
):
    page = open_form(width)
    serve_media(page, library[0])
    page.get_by_role("button", name="Insert image").click()
    dialog = page.get_by_role("dialog", name="Insert an image")
    expect(dialog.locator(".media-choice")).to_have_count(2)

    assert editor_page.horizontal_overflow(page) == 0
    violations = editor_page.audit(open_form, axe, page)
    assert not violations, "\n".join(violations)


def test_the_hero_is_chosen_from_the_library_with_a_double_click(open_form, library, writing):
    _, heron, _ = library
    _, essay = writing
    page = open_form()
    serve_media(page, library[0])

    page.get_by_role("button", name="Choose from the library…").click()
    dialog = page.get_by_role("dialog", name="Choose the hero image")
    dialog.get_by_label("A grey heron on the weir").dblclick()

    expect(dialog).to_be_hidden()
    expect(page.locator("#select2-id_hero_media-container")).to_contain_text("A grey heron")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    essay.refresh_from_db()
    assert essay.hero_media == heron
