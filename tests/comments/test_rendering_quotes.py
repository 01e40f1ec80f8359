"""Comments are shown with typographic quotes; what is stored reads back as typed."""

import pytest

from comments.models import Comment
from comments.sanitizing import comment_plain_text
from comments.services import CommentData, RequestMeta, comment_approve, comment_create

pytestmark = pytest.mark.django_db

TYPED = "\"Fair,\" it's said; see https://example.com/o'brien and `print('x')`."


def test_an_approved_comment_is_shown_with_curly_quotes_but_stored_as_typed(essay):
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name="Rosa Quill", author_email="rosa@example.com", author_url="", body=TYPED
        ),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )
    comment_approve(comment=comment)
    stored = Comment.objects.get(pk=comment.pk)
    assert "“Fair,” it’s said" in stored.display_html
    assert "https://example.com/o'brien" in stored.display_html  # a URL keeps its characters
    assert "“Fair" not in stored.body_html
    assert comment_plain_text(stored.body_html) == TYPED
