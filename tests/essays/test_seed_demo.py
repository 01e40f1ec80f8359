from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from comments.models import Comment
from essays.management.commands import seed_demo
from essays.models import Essay
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def logins_file(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")
    return tmp_path / "demo-logins.txt"


def test_seed_demo_builds_the_publication_once(logins_file):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Essay.objects.count(), Comment.objects.count())
    call_command("seed_demo", stdout=StringIO())

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
        assert get_user_model().objects.filter(username=username, is_staff=True).exists()
        assert username in out.getvalue()
    assert logins_file.stat().st_mode & 0o077 == 0


def test_seed_demo_keeps_passwords_on_later_runs(logins_file):
    call_command("seed_demo", stdout=StringIO())
    first = logins_file.read_text()
    call_command("seed_demo", stdout=StringIO())
    assert logins_file.read_text() == first


def test_seed_demo_refuses_a_database_with_real_essays():
    EssayFactory(slug="a-real-essay")
    with pytest.raises(CommandError, match="not demo content"):
        call_command("seed_demo", stdout=StringIO())
    assert Essay.objects.count() == 1


def test_seed_demo_force_seeds_beside_real_essays():
    EssayFactory(slug="a-real-essay")
    call_command("seed_demo", "--force", stdout=StringIO())
    assert Essay.objects.count() > 1
