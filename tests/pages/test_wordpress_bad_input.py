"""Exports that cannot be imported: clear messages, a non-zero exit, nothing half-written."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment
from essays.models import Essay
from pages.wordpress import ImportOptions, import_wordpress

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parent.parent / "data" / "wordpress" / "export.xml"
TEXT = EXPORT.read_text()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def import_text(text: str):
    return import_wordpress(io.BytesIO(text.encode()), options=ImportOptions(fetch_images=False))


def test_a_truncated_export_stops_before_writing_anything():
    report = import_text(TEXT[: len(TEXT) * 2 // 3])
    assert "not well-formed XML" in report.error and "truncated" in report.error
    assert not Essay.objects.exists() and not Comment.objects.exists()


def test_the_command_exits_non_zero_and_still_prints_the_report(tmp_path, capsys):
    truncated = tmp_path / "export.xml"
    truncated.write_text(TEXT[:20000])
    with pytest.raises(CommandError, match="truncated"):
        call_command("import_wordpress", truncated)
    assert "Import stopped:" in capsys.readouterr().out


def test_a_feed_that_is_not_an_export_is_refused():
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>A blog</title>'
    feed += "<item><title>Post</title></item></channel></rss>"
    assert "No <wp:wxr_version>" in import_text(feed).error
    assert not Essay.objects.exists()


def test_a_file_that_is_not_rss_is_refused():
    assert "starts with <html>" in import_text("<html><body>Hello</body></html>").error


def test_an_unknown_wxr_version_is_refused_by_name():
    report = import_text(TEXT.replace("<wp:wxr_version>1.2<", "<wp:wxr_version>9.1<"))
    assert "WXR version 9.1 is not one this importer knows" in report.error
    assert not Essay.objects.exists()


def test_entity_expansion_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel>&b;</channel></rss>'
    )
    assert "declares a DTD or entities" in import_text(bomb).error


def test_a_post_that_fails_is_named_and_leaves_nothing_of_itself(capsys):
    # An empty comment breaks the database's rule for comments: post 6 cannot be stored.
    broken = TEXT.replace("<![CDATA[Wuhan flooded again in 2020, <b>though</b>.]]>", "<![CDATA[]]>")
    report = import_text(broken)
    assert report.error.startswith("post 6 (“Cities that drink their rain”) failed")
    assert "nothing of it was written" in report.error
    assert Essay.objects.filter(slug="rivers-of-contention").exists()  # before it: kept
    assert not Essay.objects.filter(slug="cities-that-drink-their-rain").exists()
    assert not Essay.objects.filter(slug="aquifer-ledger").exists()  # after it: not reached
    assert "posts: 2" in "\n".join(report.lines())
