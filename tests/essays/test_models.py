import datetime
import re

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from essays.models import Essay
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


def test_published_includes_due_essays_only():
    due = EssayFactory()
    EssayFactory(status=Essay.Status.DRAFT)
    EssayFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))

    assert list(Essay.objects.published()) == [due]


def test_scheduled_essay_becomes_public_when_its_time_comes():
    publish_at = timezone.now() + datetime.timedelta(days=2)
    scheduled = EssayFactory(publish_at=publish_at)

    assert not Essay.objects.published().filter(pk=scheduled.pk).exists()
    with time_machine.travel(publish_at + datetime.timedelta(seconds=1)):
        assert Essay.objects.published().filter(pk=scheduled.pk).exists()


def test_states_split_essays_by_the_rule_of_published():
    published = EssayFactory()
    scheduled = EssayFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    draft = EssayFactory(status=Essay.Status.DRAFT)

    assert list(Essay.objects.scheduled()) == [scheduled]
    assert list(Essay.objects.drafts()) == [draft]
    assert [e.state for e in (published, scheduled, draft)] == ["published", "scheduled", "draft"]
    with time_machine.travel(scheduled.publish_at + datetime.timedelta(seconds=1)):
        assert not Essay.objects.scheduled().exists()
        assert scheduled.state == Essay.State.PUBLISHED


def test_slug_is_filled_from_the_title_and_kept_unique():
    first = EssayFactory(title="On Rivers & Treaties", slug="")
    second = EssayFactory(title="On Rivers & Treaties", slug="")

    assert first.slug == "on-rivers-treaties"
    assert second.slug == "on-rivers-treaties-2"


def test_duplicate_slug_is_refused_by_the_database():
    EssayFactory(slug="taken")
    with pytest.raises(IntegrityError):
        EssayFactory(slug="taken")


def test_body_is_rendered_and_counted_at_save():
    essay = EssayFactory(body="Hello *world*, again.\n\nTwo paragraphs.")

    # Each paragraph carries its id (essays/paragraphs.py), a hash of its text.
    assert re.fullmatch(
        r'<p id="p-[0-9a-f]{8}">Hello <em>world</em>, again.</p>\n<p id="p-[0-9a-f]{8}">Two '
        r"paragraphs.</p>",
        essay.body_html,
    )
    assert essay.word_count == 5
    assert essay.reading_minutes == 1


def test_comments_close_after_the_configured_number_of_days(settings):
    essay = EssayFactory(
        comments_mode=Essay.Comments.AFTER_DAYS,
        comments_close_after_days=3,
        publish_at=timezone.now() - datetime.timedelta(days=2),
    )
    assert essay.comments_are_open()
    assert not essay.comments_are_open(now=timezone.now() + datetime.timedelta(days=2))


def test_closed_comments_are_closed():
    assert not EssayFactory(comments_mode=Essay.Comments.CLOSED).comments_are_open()
