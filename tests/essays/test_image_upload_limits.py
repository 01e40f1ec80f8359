"""Security tests: images over IMAGE_MAX_PIXELS are refused at upload and never decoded.

A PNG of 13000 × 13000 black pixels compresses to about 20 KB, yet decoding it for renditions
took 7.9 s and 1 GB of memory.
"""

import logging
import struct
import zlib
from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from essays import images
from essays.images import renditions_for
from essays.models import Essay
from tests.factories import EssayFactory
from tests.publication import essay_admin_form

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns of every image over 89 megapixels; these are refused, as they should be.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    images._memo.clear()
    return tmp_path


def huge_png(width: int, height: int, *, truncated: bool = False) -> bytes:
    """A 1-bit black PNG: a few kilobytes however many pixels its header declares."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = bytes(1 + (width + 7) // 8)  # filter byte, then 8 pixels a byte
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    if truncated:
        pixels = pixels[:64]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg(size=(1200, 800)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def post_essay(client, image: bytes, name="hero.png"):
    return client.post(
        reverse("admin:essays_essay_add"),
        essay_admin_form(
            title="An essay with a picture",
            dek="What was typed stays.",
            hero_image=SimpleUploadedFile(name, image, content_type="image/png"),
            hero_alt="A black square",
        ),
    )


def hero_errors(response) -> list[str]:
    return response.context["adminform"].form.errors["hero_image"]


def test_the_test_image_is_small_on_disk_and_huge_in_pixels():
    data = huge_png(13000, 13000)
    assert len(data) < 30_000
    with Image.open(BytesIO(data)) as image:
        assert image.size == (13000, 13000)


def test_upload_over_the_pixel_limit_is_refused_saying_by_how_much(editor_client):
    response = post_essay(editor_client, huge_png(13000, 13000))

    assert response.status_code == HTTPStatus.OK
    assert hero_errors(response) == [
        "This image is 13000 × 13000 pixels (169 megapixels); the limit is 40 megapixels. "
        "Resize it and upload again."
    ]
    assert not Essay.objects.exists()
    form = response.context["adminform"].form
    assert form.data["title"] == "An essay with a picture"
    assert form.data["dek"] == "What was typed stays."


def test_only_the_header_is_read_to_refuse_an_image(editor_client):
    # Its pixel data is cut short: decoding would fail, yet the size alone refuses it.
    response = post_essay(editor_client, huge_png(13000, 13000, truncated=True))
    assert hero_errors(response)[0].startswith("This image is 13000 × 13000 pixels")


def test_image_too_large_for_pillow_to_open_gets_the_same_kind_of_message(editor_client):
    # Over twice Image.MAX_IMAGE_PIXELS, Pillow raises DecompressionBombError before telling
    # the size; the editor still learns what to do.
    response = post_essay(editor_client, huge_png(20000, 20000, truncated=True))

    assert response.status_code == HTTPStatus.OK
    (error,) = hero_errors(response)
    assert error.startswith("This image has more than 179 megapixels; the limit is 40")
    assert error.endswith("Resize it and upload again.")


def test_limit_comes_from_the_image_max_pixels_setting(editor_client, settings):
    settings.IMAGE_MAX_PIXELS = 500_000
    response = post_essay(editor_client, jpeg((1200, 800)), name="hero.jpg")
    assert hero_errors(response) == [
        "This image is 1200 × 800 pixels (1 megapixels); the limit is 0.5 megapixels. "
        "Resize it and upload again."
    ]


def test_image_within_the_limit_is_accepted(editor_client):
    response = post_essay(editor_client, jpeg((1200, 800)), name="hero.jpg")

    assert response.status_code == HTTPStatus.FOUND
    assert Essay.objects.get().hero_image.name.endswith(".jpg")


def test_a_file_that_is_no_image_gets_django_s_message(editor_client):
    response = post_essay(editor_client, b"not an image at all", name="hero.png")
    assert "Upload a valid image" in hero_errors(response)[0]


def stored_hero(content: bytes, name="hero.png") -> Essay:
    """An essay whose hero image was stored without the form, as before the limit existed."""
    return EssayFactory(hero_image=SimpleUploadedFile(name, content), hero_alt="Black")


@pytest.mark.parametrize(("width", "height"), [(13000, 13000), (20000, 20000)])
def test_stored_image_over_the_limit_gets_no_renditions(media_root, caplog, width, height):
    essay = stored_hero(huge_png(width, height))

    with caplog.at_level(logging.WARNING, logger="essays.images"):
        assert renditions_for(essay.hero_image) is None

    assert "Not making renditions of heroes/" in caplog.text
    assert "the limit is 40 megapixels" in caplog.text
    assert not list((media_root / "renditions").glob("*/*.webp"))


def test_stored_image_over_a_lowered_limit_is_skipped_and_others_still_made(media_root, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    too_large = stored_hero(jpeg((1500, 800)), "a.jpg")
    fitting = stored_hero(jpeg((900, 600)), "b.jpg")

    assert renditions_for(too_large.hero_image) is None
    assert renditions_for(fitting.hero_image).width == 900


def test_upload_over_the_byte_limit_is_refused_before_it_is_opened(editor_client, settings):
    picture = jpeg((1200, 800))
    settings.IMAGE_MAX_UPLOAD_BYTES = len(picture) - 1

    response = post_essay(editor_client, picture, name="hero.jpg")

    (error,) = hero_errors(response)
    assert error.startswith(f"This file is {len(picture) / 1e6:.1f} MB; images may be at most")
    assert not Essay.objects.exists()
    assert response.context["adminform"].form.data["title"] == "An essay with a picture"


def test_an_image_exactly_at_the_byte_limit_is_accepted(editor_client, settings):
    picture = jpeg((1200, 800))
    settings.IMAGE_MAX_UPLOAD_BYTES = len(picture)
    assert post_essay(editor_client, picture, name="hero.jpg").status_code == HTTPStatus.FOUND
