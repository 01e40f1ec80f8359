import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_create

pytestmark = pytest.mark.django_db


def make_comment(essay, *, days_old, checked=True, body="Words"):
    comment = comment_create(
        essay=essay,
        data=CommentData(author_name="A", author_email=f"{body}@example.com", author_url="",
                         body=body),
        meta=RequestMeta(ip_address="203.0.113.5", user_agent="UA/1.0", referrer="https://r"),
    )  # fmt: skip
    Comment.objects.filter(pk=comment.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_old),
        check_state=Comment.CheckState.CHECKED if checked else Comment.CheckState.UNCHECKED,
    )
    return comment


def test_purge_drops_old_metadata_and_keeps_recent_and_unchecked(essay):
    old = make_comment(essay, days_old=31, body="old")
    recent = make_comment(essay, days_old=5, body="recent")
    unchecked = make_comment(essay, days_old=40, checked=False, body="unchecked")
    out = StringIO()

    call_command("purge_comment_metadata", stdout=out)

    old.refresh_from_db(), recent.refresh_from_db(), unchecked.refresh_from_db()
    assert (old.ip_address, old.user_agent, old.referrer) == (None, "", "")
    assert recent.ip_address == "203.0.113.5"
    assert unchecked.ip_address == "203.0.113.5"
    assert "from 1 comment(s)" in out.getvalue()
    assert old.body == "old"


def test_purge_refuses_negative_days():
    with pytest.raises(CommandError, match="--days must be zero or more"):
        call_command("purge_comment_metadata", "--days", "-1")
