"""Personal-data tools: export everything about one email address, or erase it."""

import json
from http import HTTPStatus

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.models import BlockedCommenter, Comment, SpamFeedback
from comments.services import comment_approve, comment_mark_spam, history_record
from comments.services.privacy import ERASED_BODY, ERASED_NAME, privacy_erase, privacy_export
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist") + "?tab=all"


def test_export_holds_every_comment_and_block_of_the_address(essay):
    first = CommentFactory(
        essay=essay,
        author_email="Rosa@Example.com",
        body="First words.",
        author_url="https://rosa.example/",
        referrer="https://ref.example/",
    )
    second = CommentFactory(essay=essay, author_email="rosa@example.com", status="spam")
    CommentFactory(author_email="someone@example.com")
    BlockedCommenter.objects.create(email="rosa@example.com", ip_address="203.0.113.1")

    data = privacy_export(email="rosa@example.com")

    assert [c["id"] for c in data["comments"]] == [first.pk, second.pk]
    record = data["comments"][0]
    assert record["text"] == "First words."
    assert record["essay_url"] == essay.get_absolute_url()
    assert (record["author_url"], record["ip_address"], record["referrer"]) == (
        "https://rosa.example/", "198.51.100.20", "https://ref.example/",
    )  # fmt: skip
    assert data["blocked"][0]["ip_address"] == "203.0.113.1"
    json.dumps(data)


def test_export_holds_every_stored_copy_with_the_history_and_spam_reports(essay, moderator):
    comment = comment_approve(
        comment=CommentFactory(
            essay=essay,
            author_name="Rosa Quill",
            author_email="rosa@example.com",
            author_url="https://rosa.example/",
            ip_address="2001:db8:5:6::7",
            user_agent="Mozilla/5.0 (Rosa)",
            referrer="https://ref.example/",
            body="First *words*.",
            signals={"honeypot": "", "seconds": 41},
            spam_payload={"comment_author": "Rosa Quill", "user_ip": "2001:db8:5:6::7"},
            verdict_raw="akismet: false",
            verdict_reasons=["the word “words”"],
        ),
        actor=moderator,
    )
    history_record(comment=comment, from_status="approved", reason="moderator",
                   actor=moderator, note="Rosa asked for a fix")  # fmt: skip
    comment_mark_spam(comment=comment, actor=moderator)
    BlockedCommenter.objects.create(ip_address="2001:db8:5:6::8", note="Rosa's network")

    (record,) = privacy_export(email="rosa@example.com")["comments"]

    assert (
        record
        | {
            "author_name": "Rosa Quill",
            "author_email": "rosa@example.com",
            "author_url": "https://rosa.example/",
            "ip_address": "2001:db8:5:6::7",
            "ip_group": "2001:db8:5:6::/64",
            "user_agent": "Mozilla/5.0 (Rosa)",
            "referrer": "https://ref.example/",
            "text": "First *words*.",
            "signals": {"honeypot": "", "seconds": 41},
            "spam_payload": {"comment_author": "Rosa Quill", "user_ip": "2001:db8:5:6::7"},
        }
        == record
    )
    assert record["text_html"] == "<p>First *words*.</p>"
    assert "Rosa Quill" in record["display_html"]
    assert record["spam_check"]["raw"] == "akismet: false"
    assert record["spam_check"]["reasons"] == ["the word “words”"]
    notes = [(entry["to_status"], entry["note"]) for entry in record["history"]]
    assert ("approved", "Rosa asked for a fix") in notes
    assert notes[-1][0] == "spam"
    assert [report["kind"] for report in record["spam_reports"]] == ["spam"]
    export = privacy_export(email="rosa@example.com")
    assert export["blocked"][0]["note"] == "Rosa's network"  # the same IPv6 /64
    json.dumps(export)


def test_erase_deletes_comments_and_anonymises_those_with_replies(essay, moderator):
    replied = CommentFactory(essay=essay, author_email="rosa@example.com", status="approved")
    reply = CommentFactory(essay=essay, parent=replied, author_email="other@example.com")
    alone = CommentFactory(essay=essay, author_email="ROSA@example.com")
    SpamFeedback.objects.create(comment=replied, kind="ham")
    LogEntry.objects.log_actions(
        user_id=moderator.pk, queryset=[replied], action_flag=CHANGE, change_message="x"
    )

    erased = privacy_erase(email="rosa@example.com")

    assert (erased.deleted, erased.anonymised) == (1, 1)
    assert not Comment.objects.filter(pk=alone.pk).exists()
    replied.refresh_from_db()
    assert replied.author_name == ERASED_NAME
    assert replied.body == ERASED_BODY
    assert (replied.author_email, replied.author_url, replied.ip_address, replied.user_agent) == (
        "", "", None, "",
    )  # fmt: skip
    assert replied.spam_payload == {} and replied.signals == {}
    assert Comment.objects.get(pk=reply.pk).author_email == "other@example.com"
    assert not SpamFeedback.objects.exists()
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Comment))
    assert entry.object_repr == "[erased]"
    assert privacy_export(email="rosa@example.com")["comments"] == []


def test_erasing_two_comments_with_the_same_text_keeps_the_constraint(essay):
    for body in ("Same words.", "Same words!"):
        parent = CommentFactory(essay=essay, author_email="rosa@example.com", body=body)
        CommentFactory(essay=essay, parent=parent)
    assert privacy_erase(email="rosa@example.com").anonymised == 2


def test_superusers_export_from_the_admin(client, superuser):
    comment = CommentFactory(author_email="rosa@example.com")
    client.force_login(superuser)
    data = {"action": "export_personal_data", "_selected_action": [comment.pk]}
    response = client.post(CHANGELIST, data)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    (export,) = json.loads(response.content)["exports"]
    assert export["email"] == "rosa@example.com"
    assert export["comments"][0]["id"] == comment.pk


def test_superusers_erase_from_the_admin_after_confirming(client, superuser):
    comment = CommentFactory(author_email="rosa@example.com")
    CommentFactory(author_email="Rosa@example.com")
    client.force_login(superuser)
    data = {"action": "erase_personal_data", "_selected_action": [comment.pk]}

    confirm = client.post(CHANGELIST, data)
    assert confirm.status_code == HTTPStatus.OK
    assert "rosa@example.com: 2 comments" in confirm.text
    assert Comment.objects.count() == 2

    response = client.post(CHANGELIST, data | {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.exists()
