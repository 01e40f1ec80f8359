import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from essays import images
from essays.images import renditions_for, target_widths
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    images._memo.clear()
    return tmp_path


def image_bytes(size=(1000, 500), *, mode="RGB", fmt="JPEG", color=(180, 90, 40), exif=None):
    from io import BytesIO

    buffer = BytesIO()
    image = Image.new(mode, size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def essay_with_hero(content: bytes, name="river.jpg"):
    return EssayFactory(
        hero_image=SimpleUploadedFile(name, content), hero_alt="A river between two dams"
    )


def rendition_path(media_root: Path, url: str) -> Path:
    return media_root / url.removeprefix("/media/")


def test_target_widths_never_enlarge_the_original():
    assert target_widths(3000) == [480, 800, 1200, 1600]
    assert target_widths(1000) == [480, 800, 1000]
    assert target_widths(1600) == [480, 800, 1200, 1600]
    assert target_widths(300) == [300]


def test_renditions_are_made_in_webp_and_jpeg_at_each_width(media_root):
    essay = essay_with_hero(image_bytes((1000, 500)))

    renditions = renditions_for(essay.hero_image)

    assert (renditions.width, renditions.height) == (1000, 500)
    assert [r.width for r in renditions.webp] == [480, 800, 1000]
    assert [r.width for r in renditions.fallback] == [480, 800, 1000]
    assert renditions.fallback_type == "image/jpeg"
    for rendition, fmt in [*((r, "WEBP") for r in renditions.webp),
                           *((r, "JPEG") for r in renditions.fallback)]:  # fmt: skip
        with Image.open(rendition_path(media_root, rendition.url)) as made:
            assert made.format == fmt
            assert made.size == (rendition.width, rendition.height)
    assert renditions.webp[0].height == 240
    assert renditions.src.endswith("/800.jpg")


def test_transparent_png_keeps_a_png_fallback(media_root):
    essay = essay_with_hero(
        image_bytes((600, 400), mode="RGBA", fmt="PNG", color=(0, 0, 0, 0)), name="logo.png"
    )
    renditions = renditions_for(essay.hero_image)
    assert renditions.fallback_type == "image/png"
    with Image.open(rendition_path(media_root, renditions.fallback[-1].url)) as made:
        assert made.format == "PNG" and made.mode == "RGBA"


def test_a_rotated_phone_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    essay = essay_with_hero(image_bytes((600, 300), exif=exif))
    renditions = renditions_for(essay.hero_image)
    assert (renditions.width, renditions.height) == (300, 600)


def test_renditions_are_made_once_then_read_from_the_manifest(monkeypatch):
    essay = essay_with_hero(image_bytes((900, 600)))
    first = renditions_for(essay.hero_image)
    images._memo.clear()  # as in another server process

    def fail(*args, **kwargs):
        raise AssertionError("renditions made twice")

    monkeypatch.setattr(images, "make_renditions", fail)
    assert renditions_for(essay.hero_image) == first


def test_a_replaced_upload_gets_new_rendition_urls():
    essay = essay_with_hero(image_bytes((900, 600)))
    before = renditions_for(essay.hero_image)
    path = Path(essay.hero_image.path)
    path.write_bytes(image_bytes((900, 300), color=(10, 10, 200)))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))

    after = renditions_for(essay.hero_image)

    assert after.fallback_srcset != before.fallback_srcset
    assert (after.width, after.height) == (900, 300)


def test_missing_or_unreadable_images_give_no_renditions(media_root):
    essay = essay_with_hero(b"this is not an image", name="broken.jpg")
    assert renditions_for(essay.hero_image) is None
    Path(essay.hero_image.path).unlink()
    assert renditions_for(essay.hero_image) is None
    assert renditions_for(EssayFactory().hero_image) is None


def test_picture_tag_gives_srcset_sizes_and_dimensions():
    essay = essay_with_hero(image_bytes((2000, 1000)))
    html = Template(
        '{% load images %}{% picture essay.hero_image alt=essay.hero_alt loading="eager" %}'
    ).render(Context({"essay": essay}))

    assert '<source type="image/webp" srcset="' in html
    assert "1600.webp 1600w" in html and "480.jpg 480w" in html
    assert 'width="2000" height="1000"' in html
    assert 'alt="A river between two dams"' in html
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'sizes="(min-width: 46rem) 42rem' in html


def test_picture_tag_lazy_loads_by_default_and_escapes_alt_text():
    essay = essay_with_hero(image_bytes((500, 500)))
    essay.hero_alt = 'A "quoted" <b>river</b>'
    html = Template("{% load images %}{% picture essay.hero_image alt=essay.hero_alt %}").render(
        Context({"essay": essay})
    )
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert "&quot;quoted&quot; &lt;b&gt;river&lt;/b&gt;" in html


def test_essay_page_serves_a_responsive_hero(client):
    essay = essay_with_hero(image_bytes((1200, 800)))
    html = client.get(essay.get_absolute_url()).text
    assert "<picture>" in html
    assert "1200.webp 1200w" in html
    assert 'width="1200" height="800"' in html


def test_make_renditions_prepares_every_hero_ahead_of_the_first_reader(media_root):
    from io import StringIO

    from django.core.management import call_command

    essay_with_hero(image_bytes((900, 600)))
    essay_with_hero(b"not an image", name="broken.jpg")
    out, err = StringIO(), StringIO()

    call_command("make_renditions", stdout=out, stderr=err)

    assert "1 hero image(s) ready, 1 unreadable." in out.getvalue()
    assert "broken" in err.getvalue()
    assert len(list(media_root.glob("renditions/*/manifest.json"))) == 1
