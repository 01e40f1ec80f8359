import datetime
from http import HTTPStatus
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from PIL import Image

from comments import notifications
from comments.models import Comment, StatusChange
from essays import images
from essays.figures import figure_ids
from essays.models import Essay, Footnote, MediaItem, Source
from pages import demo
from tests.factories import EssayFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def logins_file(tmp_path):
    return tmp_path / "demo-logins.txt"


@pytest.fixture
def seed(logins_file):
    """seed_demo with its logins kept in a temporary file; returns what it printed."""

    def run(*args: str) -> str:
        out = StringIO()
        call_command("seed_demo", *args, logins_file=logins_file, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def real_staff(db):
    """Users someone made by hand, under the demo's login names."""
    return [
        StaffFactory(username="editor", group="Editors"),
        StaffFactory(username="moderator", is_superuser=True),
        UserFactory(username="admin", is_staff=True, is_superuser=True),
    ]


def user_state() -> list[tuple]:
    users = User.objects.order_by("username").prefetch_related("groups")
    return [
        (u.username, u.password, u.is_staff, u.is_superuser, sorted(g.name for g in u.groups.all()))
        for u in users
    ]


def database_state() -> dict:
    return {
        "essays": list(
            Essay.objects.order_by("slug").values_list("slug", "publish_at", "updated_at")
        ),
        "footnotes": Footnote.objects.count(),
        "sources": Source.objects.count(),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        "history": StatusChange.objects.count(),
        "users": user_state(),
    }


def demo_comments() -> list[dict]:
    return [thread for essay in demo.demo_load().essays for thread in essay.get("comments", [])]


def thread_size(comment: dict) -> int:
    return 1 + sum(map(thread_size, comment.get("replies", [])))


def run_from_shell(capsys, *args: str) -> tuple[int, str, str]:
    """seed_demo as `manage.py` runs it: exit code, output and error output.

    manage.py closes every database connection on its way out; the test's own connection
    (inside the test's transaction on PostgreSQL) must outlive it, so that one call is held.
    """
    with (
        pytest.raises(SystemExit) as exit_code,
        mock.patch.object(connections, "close_all"),
    ):
        ManagementUtility(["manage.py", "seed_demo", *args]).execute()
        raise SystemExit(0)
    captured = capsys.readouterr()
    return exit_code.value.code, captured.out, captured.err


def test_seed_demo_builds_the_publication_once(seed, logins_file):
    out = seed()
    counts = (Essay.objects.count(), Comment.objects.count())
    seed()

    assert (Essay.objects.count(), Comment.objects.count()) == counts
    assert Essay.objects.published().count() >= 4
    assert Essay.objects.filter(status=Essay.Status.DRAFT).exists()
    assert (
        Essay.objects.exclude(pk__in=Essay.objects.published())
        .filter(status=Essay.Status.PUBLISHED)
        .exists()
    )  # scheduled
    assert Comment.objects.public().filter(depth=3).exists()
    assert Comment.objects.in_moderation().count() == 2
    assert Comment.objects.filter(status=Comment.Status.SPAM, verdict="discard").exists()
    for username in ("editor", "moderator", "admin"):
        assert User.objects.filter(username=username, is_staff=True).exists()
        assert username in out
    assert logins_file.stat().st_mode & 0o777 == 0o600


def test_seeding_twice_changes_nothing_and_keeps_the_dates_of_demo_essays(seed, time_machine):
    seed()
    before = database_state()
    time_machine.move_to(Essay.objects.latest().publish_at + datetime.timedelta(days=30))
    out = seed()

    assert database_state() == before
    assert "Demo content ready: 7 essays (0 new)." in out


def test_demo_essays_read_as_published_on_their_date_not_updated_today(seed, client):
    seed()
    essay = Essay.objects.get(slug="arithmetic-of-a-shared-river")

    response = client.get(essay.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert essay.updated_at == essay.publish_at
    assert 'class="updated"' not in response.text


def test_seed_demo_fills_in_a_missing_demo_essay_and_leaves_the_others(seed):
    seed()
    Essay.objects.get(slug="narrow-places").delete()
    kept = list(Essay.objects.values_list("slug", "updated_at"))

    out = seed()

    assert Essay.objects.filter(slug="narrow-places").exists()
    assert set(kept) <= set(Essay.objects.values_list("slug", "updated_at"))
    assert "(1 new)" in out


def test_seed_demo_keeps_passwords_on_later_runs(seed, logins_file):
    seed()
    first = logins_file.read_text()
    hashes = user_state()
    out = seed()
    assert logins_file.read_text() == first
    assert user_state() == hashes
    editor_password = dict(line.split() for line in first.splitlines())["editor"]
    assert editor_password in out


def test_demo_users_are_marked_as_demo_accounts_in_the_database(seed):
    seed()
    demo_accounts = Group.objects.get(name=demo.DEMO_GROUP).user_set.order_by("username")
    assert [u.username for u in demo_accounts] == ["admin", "editor", "moderator"]
    assert User.objects.get(username="moderator").groups.filter(name="Moderators").exists()
    assert not User.objects.get(username="moderator").is_superuser


def test_a_lost_logins_file_never_resets_a_demo_password(seed, logins_file):
    seed()
    hashes = user_state()
    logins_file.unlink()

    out = seed()

    assert user_state() == hashes
    assert "changepassword editor" in out
    assert not logins_file.exists()


def test_seed_demo_refuses_a_database_with_real_essays_naming_them_and_force(capsys):
    EssayFactory(slug="a-real-essay")

    code, _, err = run_from_shell(capsys)

    assert code == 1
    assert "1 essay that is not demo content (a-real-essay)" in err
    assert "--force" in err
    assert Essay.objects.count() == 1


def test_seed_demo_refuses_a_database_with_real_users_and_leaves_them_untouched(
    real_staff, seed, capsys
):
    before = user_state()

    with pytest.raises(CommandError, match="--force") as refusal:
        seed()
    code, _, err = run_from_shell(capsys)

    assert "3 users not created by seed_demo (editor, moderator, admin)" in str(refusal.value)
    assert code == 1 and "(editor, moderator, admin)" in err
    assert user_state() == before
    assert not Essay.objects.exists()


def test_seed_demo_force_never_touches_existing_users(real_staff, seed, logins_file):
    before = user_state()

    out = seed("--force")
    seed("--force")

    assert user_state() == before
    assert Essay.objects.count() == 7
    assert out.count("a user seed_demo did not create has this name: left as it is") == 3
    assert not logins_file.exists()  # no demo login was created


def test_seed_demo_force_seeds_beside_real_essays(seed):
    EssayFactory(slug="a-real-essay")
    seed("--force")
    assert Essay.objects.count() == 8


def test_skip_if_in_use_leaves_a_database_in_real_use_alone_in_one_line(real_staff, seed):
    EssayFactory(slug="a-real-essay")
    before = database_state()

    out = seed("--skip-if-in-use")

    assert out.count("\n") == 1
    assert out.startswith("seed_demo left the database alone: it is in use (3 users")
    assert database_state() == before


def test_skip_if_in_use_seeds_an_empty_database(seed):
    out = seed("--skip-if-in-use")
    assert "Demo content ready: 7 essays (7 new)." in out


def test_force_and_skip_if_in_use_cannot_be_combined(capsys):
    code, _, err = run_from_shell(capsys, "--force", "--skip-if-in-use")
    assert code == 2
    assert "not allowed with argument" in err


def test_demo_comments_are_approved_through_the_services_with_their_history(seed):
    seed()
    approved = Comment.objects.public()

    assert approved.count() == sum(map(thread_size, demo_comments())) == 22
    for comment in approved:
        reasons = list(comment.history.values_list("reason", "to_status", "note"))
        assert reasons == [
            (StatusChange.Reason.POSTED, Comment.Status.PENDING, ""),
            (StatusChange.Reason.MODERATOR, Comment.Status.APPROVED, "demo content"),
        ]
    oldest = approved.get(author_name="Kwame Asante", depth=1)
    assert oldest.essay.publish_at < oldest.submitted_at < oldest.history.last().created_at


def test_held_demo_comments_are_screened_and_send_moderators_no_mail(
    seed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed()

    held = Comment.objects.in_moderation()
    assert held.count() == 2
    assert all(c.history.filter(reason=StatusChange.Reason.RULE).exists() for c in held)
    assert mail.outbox == []
    assert cache.get(notifications.LAST_SENT_KEY) is not None
    assert cache.get(notifications.LOCK_KEY) is None  # the next held comment mails at once


def test_logins_are_kept_beside_an_sqlite_file_or_under_var_for_other_databases(settings):
    sqlite = "django.db.backends.sqlite3"
    postgres = "django.db.backends.postgresql"

    assert demo.logins_path({"ENGINE": sqlite, "NAME": "/srv/site/db.sqlite3"}) == Path(
        "/srv/site/demo-logins.txt"
    )
    assert demo.logins_path({"ENGINE": postgres, "NAME": "essays"}) == (
        settings.VAR_DIR / "demo-logins-essays.txt"
    )
    assert demo.logins_path({"ENGINE": sqlite, "NAME": ":memory:"}) is None
    assert demo.logins_path({"ENGINE": sqlite, "NAME": "file:memorydb?mode=memory"}) is None


def test_every_demo_note_cites_a_listed_source_and_its_label_is_in_the_body():
    content = demo.demo_load()
    sources = {row["key"] for row in content.manifest["sources"]}
    for essay in content.essays:
        for note in essay.get("footnotes", []):
            assert f"[^{note['label']}]" in essay["body"], (essay["slug"], note["label"])
            assert note.get("source", next(iter(sources))) in sources, note
    files = {path.stem for path in (demo.DEMO_DIR / "essays").glob("*.md")}
    assert files == set(content.slugs)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    images._memo.clear()
    return settings.MEDIA_ROOT


def test_seed_demo_with_images_draws_each_essay_a_hero_with_renditions(seed, media_root, client):
    seed("--images")

    essays = Essay.objects.order_by("slug")
    assert essays.count() == 7
    for essay in essays:
        assert essay.hero_image.name.startswith("heroes/"), essay.slug
        with Image.open(essay.hero_image.path) as picture:
            assert picture.size == (1200, 675)
        assert essay.hero_alt.startswith("Generated illustration: "), essay.hero_alt
        assert (essay.hero_caption, essay.hero_credit) == ("", "Generated for the demo")
    # Made while seeding, not by the first reader: one manifest per picture, three widths each.
    manifests = sorted((media_root / "renditions").glob("*/manifest.json"))
    assert len(manifests) == 14  # a hero and an inline figure per essay
    assert len(list(manifests[0].parent.glob("*.webp"))) == 3
    essay = Essay.objects.published().order_by("slug").first()
    page = client.get(essay.get_absolute_url()).text
    assert '<source type="image/webp" srcset="/media/renditions/' in page
    assert f'alt="{essay.hero_alt}"' in page
    assert "Generated for the demo" in page


def test_seed_demo_with_images_places_a_library_figure_after_each_first_paragraph(
    seed, media_root, client
):
    seed("--images")

    figures = {item.pk: item for item in MediaItem.objects.all()}
    assert len(figures) == 7
    for essay in Essay.objects.all():
        _first, figure_line, _rest = essay.body.split("\n\n", 2)
        assert figure_line.startswith("![](media:"), essay.slug
        (media_id,) = figure_ids(figure_line)
        assert figures[media_id].alt.startswith("Generated illustration: ")
        assert figures[media_id].credit == "Generated for the demo"
    essay = Essay.objects.published().order_by("slug").first()
    page = client.get(essay.get_absolute_url()).text
    caption = page.index("Drawn for the demo when it was seeded.")
    figure = page[page.rindex("<figure", 0, caption) : page.index("</figure>", caption)]
    assert 'class="hero"' not in figure
    assert 'srcset="/media/renditions/' in figure


def test_seeding_again_draws_nothing_new(seed, media_root):
    seed("--images")
    files = sorted(media_root.rglob("*"))
    seed("--images")
    assert sorted(media_root.rglob("*")) == files


def test_seed_demo_without_images_stores_no_file(seed, media_root):
    seed()
    assert not Essay.objects.exclude(hero_image="").exists()
    assert not media_root.exists()
