"""What the essay page cache and its ETags are keyed on: everything the page shows, and
the request details that change how it is rendered, so no copy reaches the wrong reader."""

import datetime
import re
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_script_prefix
from django.utils import dateformat, timezone

from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from essays.models import Author, Essay, Topic
from tests.factories import AuthorFactory, EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_STAMP = re.compile(r'name="timestamp" value="([^"]+)"')


def reader_get(essay, reader=None, *, script_name="", **extra):
    """An anonymous reader's request; a new reader (no cookies) unless one is given.

    `script_name` is passed as gunicorn passes a trusted peer's SCRIPT_NAME header on;
    Django's WSGI handler then sets the script prefix, which the test client does not do.
    """
    url = essay.get_absolute_url()
    with override_script_prefix(f"{script_name}/"):
        return (reader or Client()).get(url, SCRIPT_NAME=script_name, **extra)


def rendered(essay, **extra) -> bool:
    """Whether this request rendered the page rather than serving a cached copy (one query)."""
    with CaptureQueriesContext(connection) as queries:
        assert reader_get(essay, **extra).status_code == HTTPStatus.OK
    return len(queries) > 1


def test_a_page_rendered_under_a_script_prefix_is_not_served_to_later_readers(essay):
    poisoned = reader_get(essay, script_name="/zz")
    assert "/zz/" in poisoned.text
    page = reader_get(essay)
    assert page.status_code == HTTPStatus.OK and "/zz/" not in page.text
    assert page["ETag"] != poisoned["ETag"]


@pytest.mark.parametrize(
    "request_extra",
    [{"script_name": "/zz"}, {"HTTP_HOST": "localhost"}, {"secure": True}],
    ids=["script-prefix", "host", "scheme"],
)
def test_each_script_prefix_host_and_scheme_has_its_own_copy(essay, request_extra):
    first = reader_get(essay)
    assert rendered(essay, **request_extra)
    other = reader_get(essay, **request_extra)
    assert other["ETag"] != first["ETag"]
    assert not rendered(essay)


def test_a_csrf_cookie_left_from_elsewhere_changes_nothing_on_the_page(essay, settings):
    first = reader_get(essay)
    reader = Client()
    reader.cookies[settings.CSRF_COOKIE_NAME] = "left-by-the-admin-login" * 2
    again = reader_get(essay, reader, headers={"if-none-match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    page = reader_get(essay, reader)
    assert page.content == first.content and page["ETag"] == first["ETag"]
    assert not TOKEN.search(page.text) and not page.cookies


def test_a_new_form_window_gives_a_new_timestamp_and_etag_but_no_render(essay, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    first = reader_get(essay)
    time_machine.shift(datetime.timedelta(seconds=60))  # ESSAY_PAGE_FORM_WINDOW_SECONDS
    again = reader_get(essay, headers={"if-none-match": first["ETag"]})
    assert again.status_code == HTTPStatus.OK and again["ETag"] != first["ETag"]
    assert FORM_STAMP.search(again.text)[1] != FORM_STAMP.search(first.text)[1]
    assert not rendered(essay)


@pytest.fixture
def shown(settings, time_machine):
    """An essay page with one of everything it shows, and neighbours in the published set."""
    settings.ESSAYS_CLOSE_COMMENTS_AFTER_DAYS = 30
    now = timezone.now()
    time_machine.move_to(now)  # ticking, so that saves still move the stamps
    essay = EssayFactory(
        title="The kept title",
        dek="The kept standfirst.",
        body="The kept body.",
        authors=[AuthorFactory(name="Kept Author")],
        topics=[TopicFactory(name="Kept topic"), TopicFactory(name="Second topic")],
        publish_at=now - datetime.timedelta(days=2),
        comments_mode=Essay.Comments.AFTER_DAYS,  # closing after the site's default
    )
    EssayFactory(title="The earlier essay", publish_at=now - datetime.timedelta(days=3))
    EssayFactory(title="The scheduled essay", publish_at=now + datetime.timedelta(hours=1))
    comment_create(
        essay=essay,
        data=CommentData(
            author_name="Rosa Quill", author_email="r@example.com", author_url="",
            body="A remark held for now.",
        ),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )  # fmt: skip
    return SimpleNamespace(essay=essay, settings=settings, time_machine=time_machine)


def edit_essay(**fields):
    def change(shown):
        for name, value in fields.items():
            setattr(shown.essay, name, value)
        shown.essay.save()

    return change


def rename(model, field, old, new):
    def change(_shown):
        obj = model.objects.get(**{field: old})
        setattr(obj, field, new)
        obj.save()

    return change


def delete_topic(_shown):
    Topic.objects.get(name="Second topic").delete()


def approve_comment(_shown):
    comment_approve(comment=Comment.objects.get())


def unpublish_neighbour(_shown):
    neighbour = Essay.objects.get(title="The earlier essay")
    neighbour.status = Essay.Status.DRAFT
    neighbour.save()


def publish_new_essay(_shown):
    EssayFactory(title="A newly published essay")


def scheduled_essay_comes_due(shown):
    shown.time_machine.shift(datetime.timedelta(hours=2))


def close_comments(shown):
    shown.essay.comments_mode = Essay.Comments.CLOSED
    shown.essay.save()


def comments_close_by_date(shown):
    shown.time_machine.shift(datetime.timedelta(days=29))


def site_shortens_comment_period(shown):
    shown.settings.ESSAYS_CLOSE_COMMENTS_AFTER_DAYS = 20


def close_date(shown) -> str:
    """The closing date the page shows for comments on the essay now."""
    return dateformat.format(timezone.localtime(shown.essay.comments_close_at()), "F j, Y")


# Each change, and text the page shows only after it (or, after "!", only before it; or
# a function of the fixture that gives it).
CHANGES = {
    "essay title": (edit_essay(title="A new title"), "A new title"),
    "essay standfirst": (edit_essay(dek="A new standfirst."), "A new standfirst."),
    "essay body": (edit_essay(body="A new body."), "A new body."),
    "author name": (rename(Author, "name", "Kept Author", "Renamed Author"), "Renamed Author"),
    "topic name": (rename(Topic, "name", "Kept topic", "Renamed topic"), "Renamed topic"),
    "topic deleted": (delete_topic, "!Second topic"),
    "comment approved": (approve_comment, "A remark held for now."),
    "neighbour renamed": (
        rename(Essay, "title", "The earlier essay", "A renamed one"),
        "A renamed one",
    ),
    "neighbour unpublished": (unpublish_neighbour, "!The earlier essay"),
    "essay published": (publish_new_essay, "A newly published essay"),
    "scheduled essay due": (scheduled_essay_comes_due, "The scheduled essay"),
    "comments closed": (close_comments, "Comments are closed."),
    "comments closed by date": (comments_close_by_date, "Comments are closed."),
    "site comment period": (site_shortens_comment_period, close_date),
}


@pytest.mark.parametrize("what", CHANGES)
def test_every_change_to_what_the_page_shows_reaches_the_cached_page(shown, what):
    change, expected = CHANGES[what]
    before = reader_get(shown.essay)
    assert not rendered(shown.essay)
    change(shown)
    expected = expected(shown) if callable(expected) else expected
    after = reader_get(shown.essay, headers={"if-none-match": before["ETag"]})
    assert after.status_code == HTTPStatus.OK and after["ETag"] != before["ETag"]
    assert after.text != before.text
    if expected.startswith("!"):
        assert expected[1:] in before.text and expected[1:] not in after.text
    else:
        assert expected not in before.text and expected in after.text
