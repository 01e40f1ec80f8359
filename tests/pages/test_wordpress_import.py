"""The import of an export WordPress itself wrote (tests/data/wordpress/): every fact on the
database, the report, and a second run."""

import datetime
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from comments.models import Comment, SpamFeedback
from comments.services import spam_queue_run_once
from essays.models import Author, Essay, Footnote, OldAddress, Source, Topic
from pages.wordpress import ImportOptions, import_wordpress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "wordpress"
EXPORT = DATA / "export.xml"
UPLOADS = DATA / "uploads"
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COMMENTS_MAX_DEPTH = 3


def run_import(**options):
    options.setdefault("uploads", UPLOADS)
    return import_wordpress(EXPORT, options=ImportOptions(**options))


@pytest.fixture
def report():
    return run_import()


def comment(wordpress_id: int) -> Comment:
    return Comment.objects.get(import_key=f"wordpress:old.example.org:comment:{wordpress_id}")


def test_posts_become_essays_with_title_slug_gmt_date_and_standfirst(report):
    essay = Essay.objects.get(slug="rivers-of-contention")
    assert essay.title == "Rivers of Contention"
    # WordPress wrote 09:30 Berlin time; the GMT field says 08:30 UTC.
    assert essay.publish_at == datetime.datetime(2019, 10, 28, 8, 30, tzinfo=UTC)
    assert essay.dek == "Who owns a river that crosses three borders?"
    assert essay.import_key == "wordpress:old.example.org:4"
    assert report.ok


def test_statuses_map_to_published_scheduled_and_draft(report):
    states = dict(Essay.objects.values_list("slug", "status"))
    assert states["rivers-of-contention"] == Essay.Status.PUBLISHED
    assert states["notes-toward-a-draft"] == Essay.Status.DRAFT
    assert states["editors-only"] == Essay.Status.DRAFT  # private
    scheduled = Essay.objects.get(slug="monsoon-late")
    assert scheduled.status == Essay.Status.PUBLISHED
    assert scheduled.publish_at == datetime.datetime(2031, 6, 1, 5, 0, tzinfo=UTC)
    assert scheduled not in Essay.objects.published()
    assert ("post 11", "private in WordPress; imported as a draft.") in report.warnings


def test_pages_are_reported_and_skipped_unless_asked_for(report):
    assert report.counts["pages", "publish, skipped"] == 1
    assert not Essay.objects.filter(slug="about").exists()
    run_import(include_pages=True)
    assert Essay.objects.filter(slug="about", status=Essay.Status.PUBLISHED).exists()


def test_wordpress_users_become_authors_and_the_map_links_logins(tmp_path):
    user = UserFactory(username="ada.here")
    map_file = tmp_path / "authors.txt"
    map_file.write_text("# wordpress  here\nada ada.here\n")
    call_command("import_wordpress", EXPORT, uploads=UPLOADS, author_map=map_file, stdout=None)
    ada = Author.objects.get(slug="ada")
    assert ada.name == "Ada Lindqvist"
    assert ada.user == user
    assert list(Essay.objects.get(slug="small-dams").authors.values_list("name", flat=True)) == [
        "Rowan Achebe"
    ]


def test_an_author_map_naming_unknown_logins_stops_before_importing(tmp_path):
    map_file = tmp_path / "authors.txt"
    map_file.write_text("ada nobody\nrowan\n")
    with pytest.raises(CommandError, match=r"line 2: .*rowan.*; no login “nobody” here"):
        call_command("import_wordpress", EXPORT, author_map=map_file)
    assert not Essay.objects.exists()


def test_categories_and_tags_become_topics_without_uncategorized(report):
    essay = Essay.objects.get(slug="cities-that-drink-their-rain")
    assert set(essay.topics.values_list("slug", flat=True)) == {"cities", "water", "rain"}
    assert not Topic.objects.filter(slug="uncategorized").exists()
    assert Topic.objects.get(slug="water").name == "Water"


def test_html_becomes_markdown_and_unsupported_markup_stays_as_sanitised_html(report):
    essay = Essay.objects.get(slug="cities-that-drink-their-rain")
    assert "**most**" in essay.body
    assert "- Permeable pavements" in essay.body
    assert '<td colspan="2">Rainfall absorbed</td>' in essay.body
    assert '<td colspan="2">Rainfall absorbed</td>' in essay.body_html
    assert "<!-- wp:" not in essay.body
    assert (
        "post 6",
        "a <figure> Markdown cannot express was kept as sanitised HTML.",
    ) in report.warnings


def test_featured_image_becomes_the_hero_with_alt_and_caption(report):
    essay = Essay.objects.get(slug="rivers-of-contention")
    assert essay.hero_image.name.endswith("river.png")
    assert essay.hero_image.read().startswith(b"\x89PNG")
    assert essay.hero_alt == "The river at dawn"
    assert essay.hero_caption == "The Nile near Aswan, before the tourists."


def test_images_in_the_body_are_copied_from_uploads(report):
    essay = Essay.objects.get(slug="rivers-of-contention")
    assert "](/media/imports/2019/10/river.png)" in essay.body
    assert report.images_copied == 2
    assert report.images_missing == []


def test_images_missing_from_uploads_are_each_reported(tmp_path):
    report = run_import(uploads=tmp_path)
    assert [post for post, _ in report.images_missing] == ["4", "4"]
    assert all("not in the uploads folder" in text for _, text in report.images_missing)
    essay = Essay.objects.get(slug="rivers-of-contention")
    assert "https://old.example.org/wp-content/uploads/2019/10/river.png" in essay.body
    assert not essay.hero_image


def test_comments_keep_threads_statuses_and_author_fields(report):
    top = comment(2)
    assert top.status == Comment.Status.APPROVED and top.depth == 1 and top.parent is None
    assert top.author_name == "Mira Okafor"
    assert top.author_email == "mira.okafor@example.net"
    assert top.author_url == "https://mira.example.net/"
    assert top.ip_address == "203.0.113.7"
    assert top.submitted_at == datetime.datetime(2019, 10, 28, 10, 0, tzinfo=UTC)
    assert comment(3).parent == top and comment(4).parent == comment(3)
    assert comment(4).ip_address == "2001:db8::1"
    assert comment(6).status == Comment.Status.PENDING
    assert comment(8).status == Comment.Status.TRASH
    assert comment(8).parent == comment(3)
    assert {c.root_id for c in Comment.objects.filter(essay__slug="rivers-of-contention")} == {
        top.pk
    }


def test_pending_comments_wait_in_the_moderation_queue(report):
    assert list(Comment.objects.in_moderation()) == [comment(6)]


def test_replies_deeper_than_the_setting_join_the_deepest_allowed_ancestor(report):
    fourth = comment(5)  # a reply to comment 4, at depth 3 already
    assert comment(4).depth == 3
    assert fourth.depth == 3
    assert fourth.parent == comment(3)
    assert report.rethreaded == [("5", "1 level(s) too deep; now a reply to comment 3")]


def test_comments_by_wordpress_users_carry_the_staff_flag(report):
    assert comment(3).is_from_editors
    assert not comment(2).is_from_editors


def test_pingbacks_are_counted_and_not_imported(report):
    assert report.counts["comments", "pingback, skipped"] == 1
    assert not Comment.objects.filter(author_name="Another Blog").exists()


def test_an_invalid_commenter_email_is_left_out_and_reported(report):
    assert comment(4).author_email == ""
    assert any(key == "comment 4" and "email" in text for key, text in report.warnings)


def test_imported_comments_are_never_screened_or_announced(report):
    assert not Comment.objects.due_for_check().exists()
    assert set(Comment.objects.values_list("check_state", flat=True)) == {"checked"}
    spam_queue_run_once()
    assert mail.outbox == []
    assert not SpamFeedback.objects.exists()
    assert set(comment(6).history.values_list("to_status", flat=True)) == {"pending"}


def test_approved_comments_are_shown_and_counted_on_the_essay_page(report, client):
    response = client.get(Essay.objects.get(slug="rivers-of-contention").get_absolute_url())
    html = response.content.decode()
    assert "The 1959 agreement deserves a mention." in html
    assert "Looking forward to it." in html
    assert "Waiting for a moderator." not in html
    assert "Off topic, removed." not in html
    assert '<span class="badge">Editors</span>' in html


def test_a_second_run_updates_and_never_duplicates(report):
    counts = (Essay.objects.count(), Comment.objects.count(), Footnote.objects.count())
    Essay.objects.filter(slug="rivers-of-contention").update(title="Edited here")
    again = run_import()
    assert (Essay.objects.count(), Comment.objects.count(), Footnote.objects.count()) == counts
    assert Source.objects.count() == 3
    assert Essay.objects.get(slug="rivers-of-contention").title == "Rivers of Contention"
    assert again.created["posts"] == 0 and again.created["comments"] == 0
    assert again.counts == report.counts


def test_a_dry_run_writes_nothing_and_prints_the_same_report(tmp_path):
    dry = run_import(dry_run=True)
    assert not Essay.objects.exists() and not Comment.objects.exists()
    assert not Source.objects.exists() and not OldAddress.objects.exists()
    assert not any(tmp_path.iterdir())  # no image written
    real = run_import()
    assert dry.lines()[1:] == real.lines()[1:]
    assert dry.lines()[0] == "Dry run: nothing was written."


def test_the_report_counts_every_kind_and_status(report):
    text = "\n".join(report.lines())
    assert "posts: 7 (1 draft, 1 future, 1 private, 4 publish); 7 new" in text
    assert "comments: 8 (5 approved, 1 pending, 1 pingback, skipped, 1 trash); 7 new" in text
    assert "notes converted to citations: 7" in text
    assert "notes kept as commentary: 3" in text
    assert "threads re-parented: 1" in text


def test_the_command_prints_the_report(capsys):
    call_command("import_wordpress", EXPORT, uploads=UPLOADS, dry_run=True)
    out = capsys.readouterr().out
    assert out.startswith("Dry run: nothing was written.")
    assert "posts: 7" in out


def test_comments_closed_on_wordpress_are_closed_here():
    closed = "<wp:comment_status><![CDATA[closed]]></wp:comment_status>"
    text = EXPORT.read_text().replace(
        "<wp:comment_status><![CDATA[open]]></wp:comment_status>", closed, 1
    )
    assert import_wordpress(io.BytesIO(text.encode()), options=ImportOptions(uploads=UPLOADS)).ok
    closed_essay = Essay.objects.get(slug="rivers-of-contention")  # the first item
    assert closed_essay.comments_mode == Essay.Comments.CLOSED
    assert not closed_essay.comments_are_open()
    assert Essay.objects.get(slug="aquifer-ledger").comments_mode != Essay.Comments.CLOSED


def test_a_comment_exported_as_spam_lands_in_spam_unscreened_and_unannounced(tmp_path):
    # WordPress's own export_wp() leaves spam out; exports made by plugins or by hand keep it.
    export = tmp_path / "with-spam.xml"
    text = EXPORT.read_text(encoding="utf-8")
    trashed = "<wp:comment_approved><![CDATA[trash]]></wp:comment_approved>"
    assert text.count(trashed) == 1
    export.write_text(
        text.replace(trashed, "<wp:comment_approved><![CDATA[spam]]></wp:comment_approved>"),
        encoding="utf-8",
    )

    import_wordpress(export, options=ImportOptions(uploads=UPLOADS))

    spam = comment(8)
    assert spam.status == Comment.Status.SPAM
    assert spam.parent == comment(3)  # kept in its thread, as WordPress had it
    assert not Comment.objects.due_for_check().exists()
    spam_queue_run_once()
    assert mail.outbox == []
    assert not SpamFeedback.objects.exists()  # not reported to the checker as new spam
