"""Comment display fragments: built once on approval or edit, escaped, joined per page."""

import pytest

from comments.models import Comment
from comments.rendering import comment_display_html, comment_list_html
from comments.selectors import CommentNode
from comments.services import (
    CommentData,
    RequestMeta,
    comment_approve,
    comment_create,
    comment_edit_by_moderator,
)
from comments.services.privacy import privacy_erase

pytestmark = pytest.mark.django_db


def posted(essay, *, name="Rosa Quill", url="", body="A remark.", email="rosa@example.com"):
    return comment_create(
        essay=essay,
        data=CommentData(author_name=name, author_email=email, author_url=url, body=body),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )


def test_fragment_is_stored_when_a_comment_is_approved(essay):
    comment = posted(essay)
    assert Comment.objects.get(pk=comment.pk).display_html == ""
    comment_approve(comment=comment)
    stored = Comment.objects.get(pk=comment.pk).display_html
    assert f'id="comment-{comment.pk}-author"' in stored
    assert f'href="#comment-{comment.pk}"' in stored
    assert "<bdi>Rosa Quill</bdi>" in stored and "<p>A remark.</p>" in stored


def test_fragment_is_rebuilt_when_a_moderator_edits(essay):
    comment = comment_approve(comment=posted(essay))
    comment_edit_by_moderator(comment=comment, author_name="R. Quill", body="Fixed.")
    stored = Comment.objects.get(pk=comment.pk).display_html
    assert "R. Quill" in stored and "Fixed." in stored and "Rosa Quill" not in stored


def test_fragment_is_rebuilt_when_the_author_is_erased(essay):
    comment = comment_approve(comment=posted(essay, name="Secret Name"))
    reply = comment_approve(comment=posted(essay, email="other@example.com", body="Reply."))
    Comment.objects.filter(pk=reply.pk).update(parent=comment)
    privacy_erase(email="rosa@example.com")
    assert "Secret Name" not in Comment.objects.get(pk=comment.pk).display_html


def test_fragment_escapes_names_and_links(essay):
    comment = posted(essay, name='<script>x</script> "Q"', url="https://example.org/?a=1&b=2")
    html = comment_display_html(comment)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=2" rel="nofollow ugc noopener"' in html


def test_fragment_matches_the_page_date_formats(essay, settings):
    comment = posted(essay)
    html = comment_display_html(comment)
    assert '<time datetime="' in html and " at " in html


def test_editors_comments_carry_the_badge(essay):
    comment = posted(essay)
    comment.is_from_editors = True
    items = comment_list_html([CommentNode(comment)], comments_open=True, max_depth=3)
    assert "comment--editors" in items and '<span class="badge">Editors</span>' in items


def test_reply_links_follow_open_comments_and_depth(essay):
    comment = comment_approve(comment=posted(essay))
    node = [CommentNode(comment)]
    assert f'data-reply-to="{comment.pk}"' in comment_list_html(
        node, comments_open=True, max_depth=3
    )
    assert "reply-link" not in comment_list_html(node, comments_open=False, max_depth=3)
    assert "reply-link" not in comment_list_html(node, comments_open=True, max_depth=1)
    assert 'aria-label="Reply to Rosa Quill"' in comment_list_html(
        node, comments_open=True, max_depth=3
    )


def test_own_pending_comment_is_rendered_with_its_notice_and_edit_link(essay):
    comment = posted(essay)
    items = comment_list_html(
        [CommentNode(comment)], comments_open=True, max_depth=3, own_ids=[comment.pk]
    )
    assert "comment--pending" in items and "awaiting moderation" in items
    assert "Edit or withdraw" in items and "reply-link" not in items


def test_replies_nest_in_their_own_list(essay):
    parent = comment_approve(comment=posted(essay))
    child = comment_approve(comment=posted(essay, email="b@example.com", body="Child."))
    tree = [CommentNode(parent, replies=[CommentNode(child)])]
    items = comment_list_html(tree, comments_open=True, max_depth=3)
    assert (
        items.index(f'id="comment-{parent.pk}"')
        < items.index('<ol class="comment-list comment-list--replies">')
        < items.index(f'id="comment-{child.pk}"')
    )
