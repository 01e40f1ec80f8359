"""Blocking commenters: email, exact IP or range, with a reason and expiry, previewed first."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.admin.blocking import PREVIEW_SALT
from comments.models import BlockedCommenter, Comment
from comments.moderation import is_blocked, prescreen
from comments.services import (
    BlockTarget,
    block_preview,
    comment_edit_by_moderator,
    comment_undo,
    commenters_block,
)
from comments.spam.verdict import reason_texts
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import last_message, undo, undo_token

pytestmark = pytest.mark.django_db

Status = Comment.Status
BLOCK = reverse("admin:comments_comment_block")
CHANGELIST = reverse("admin:comments_comment_changelist")
BLOCKS = reverse("admin:comments_blockedcommenter_changelist")


def office():
    """Three readers behind one office's IPv4 /24; two comments still pending."""
    return [
        CommentFactory(author_email="ann@example.com", ip_address="203.0.113.5"),
        CommentFactory(author_email="bo@example.com", ip_address="203.0.113.77"),
        CommentFactory(author_email="cy@example.com", ip_address="203.0.113.9", status="approved"),
    ]


# What a block covers ------------------------------------------------------------------
def test_a_range_preview_counts_commenters_and_pending_comments():
    office()
    CommentFactory(author_email="far@example.com", ip_address="203.0.114.5")
    preview = block_preview(targets=[BlockTarget(ip_range="203.0.113.0/24")])
    assert preview.summary() == "3 commenters, 2 pending comments"
    assert [c.email for c in preview.commenters] == [
        "ann@example.com", "bo@example.com", "cy@example.com"
    ]  # fmt: skip


def test_an_exact_ip_covers_that_address_only():
    ann, _, _ = office()
    preview = block_preview(targets=[BlockTarget(ip_address="203.0.113.5")])
    assert preview.summary() == "1 commenter, 1 pending comment"
    assert [c.pk for c in preview.pending] == [ann.pk]


def test_an_ipv6_range_is_the_64_and_an_exact_ipv6_is_one_address():
    home = CommentFactory(ip_address="2001:db8:1:2::10")
    neighbour = CommentFactory(ip_address="2001:db8:1:2:ffff::7")
    CommentFactory(ip_address="2001:db8:1:3::10")
    by_range = block_preview(targets=[BlockTarget(ip_range="2001:db8:1:2::/64")])
    assert {c.pk for c in by_range.pending} == {home.pk, neighbour.pk}
    exact = block_preview(targets=[BlockTarget(ip_address="2001:db8:1:2::10")])
    assert [c.pk for c in exact.pending] == [home.pk]


def test_new_comments_from_a_blocked_range_or_email_go_to_spam_and_neighbours_do_not():
    BlockedCommenter.objects.create(ip_range="203.0.113.0/24", note="office flood")
    BlockedCommenter.objects.create(email="pest@example.com", note="abuse")
    BlockedCommenter.objects.create(ip_address="2001:db8:9:9::1", note="one address")
    assert is_blocked(CommentFactory.build(ip_address="203.0.113.200"))
    assert is_blocked(CommentFactory.build(author_email="PEST@example.com", ip_address=None))
    assert is_blocked(CommentFactory.build(ip_address="2001:db8:9:9::1"))
    assert not is_blocked(CommentFactory.build(ip_address="2001:db8:9:9::2"))
    assert not is_blocked(CommentFactory.build(ip_address="203.0.114.1"))
    verdict = prescreen(CommentFactory.build(ip_address="203.0.113.7"))
    assert (verdict.kind, reason_texts(verdict.reasons)) == ("spam", ("the commenter is blocked",))


def test_an_expired_suspension_no_longer_blocks():
    past = timezone.now() - datetime.timedelta(minutes=1)
    block = BlockedCommenter.objects.create(email="pest@example.com", expires_at=past)
    assert not is_blocked(CommentFactory.build(author_email="pest@example.com"))
    assert not block.is_active()
    block.expires_at = timezone.now() + datetime.timedelta(days=1)
    block.save()
    assert is_blocked(CommentFactory.build(author_email="pest@example.com"))


def test_a_range_must_be_an_ipv4_24_or_an_ipv6_64(moderator):
    for bad in ("203.0.113.0/16", "203.0.113.5/24", "2001:db8::/48", "office"):
        with pytest.raises(Exception, match="IPv4 /24"):
            commenters_block(targets=[BlockTarget(ip_range=bad)], note="x", actor=moderator)
    assert not BlockedCommenter.objects.exists()


# Applying a block ----------------------------------------------------------------------
def test_a_block_trashes_nothing_unless_asked(moderator):
    office()
    target = BlockTarget(ip_range="203.0.113.0/24")
    undo_ = commenters_block(targets=[target], note="flood", actor=moderator)
    block = BlockedCommenter.objects.get()
    assert (block.ip_range, block.note, block.created_by) == ("203.0.113.0/24", "flood", moderator)
    assert undo_.changes == ()
    assert Comment.objects.filter(status=Status.PENDING).count() == 2


def test_a_ticked_block_trashes_only_the_listed_comments_as_they_were_shown(moderator):
    ann, bo, _ = office()
    target = BlockTarget(ip_range="203.0.113.0/24")
    shown = block_preview(targets=[target]).pending_versions()
    late = CommentFactory(ip_address="203.0.113.50")  # posted after the preview
    comment_edit_by_moderator(comment=bo, actor=moderator, body="Edited after the preview.")

    result = commenters_block(targets=[target], note="flood", actor=moderator, trash=shown)

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert (statuses[ann.pk], statuses[bo.pk], statuses[late.pk]) == (
        Status.TRASH, Status.PENDING, Status.PENDING
    )  # fmt: skip
    assert comment_undo(undo=result, actor=moderator).reverted == 1
    assert not BlockedCommenter.objects.exists()
    assert Comment.objects.get(pk=ann.pk).status == Status.PENDING


# The desk ----------------------------------------------------------------------------------
def block_data(*targets, note="Flooding the essays", duration="", **extra):
    data = {
        "target-TOTAL_FORMS": len(targets),
        "target-INITIAL_FORMS": len(targets),
        "target-MIN_NUM_FORMS": 1,
        "target-MAX_NUM_FORMS": 20,
        "note": note,
        "duration": duration,
        "next": CHANGELIST,
    }
    for index, (email, ip_address, scope) in enumerate(targets):
        data |= {f"target-{index}-email": email, f"target-{index}-ip_address": ip_address,
                 f"target-{index}-ip_scope": scope}  # fmt: skip
    return data | extra


def preview_then(client, data, **apply):
    """Preview, then press Block with the token the preview carried."""
    response = client.post(BLOCK, data | {"_preview": "Preview"})
    assert response.status_code == HTTPStatus.OK
    token = response.context["settings_form"]["preview"].value()
    return response, client.post(BLOCK, data | {"_apply": "Block", "preview": token} | apply)


def test_the_block_page_starts_from_the_selected_comments(moderator_client):
    ann, bo, _ = office()
    assert moderator_client.get(BLOCK).context["targets"][0].initial == {}
    response = moderator_client.get(BLOCK, {"ids": f"{ann.pk},{bo.pk},x,-3,{10**30}"})
    assert response.status_code == HTTPStatus.OK
    assert "&rsaquo; Block commenters" in response.text  # desk_page.html's breadcrumbs
    initial = [form.initial for form in response.context["targets"]]
    assert initial == [
        {"email": "ann@example.com", "ip_address": "203.0.113.5", "ip_scope": "address"},
        {"email": "bo@example.com", "ip_address": "203.0.113.77", "ip_scope": "address"},
    ]


def test_the_preview_lists_who_and_what_before_anything_is_blocked(moderator_client):
    office()
    data = block_data(("", "203.0.113.5", "range"))
    response = moderator_client.post(BLOCK, data | {"_preview": "Preview"})
    assert "This block covers 3 commenters, 2 pending comments" in response.text
    assert "cy@example.com" in response.text
    assert 'name="_apply"' in response.text
    assert not BlockedCommenter.objects.exists()


def test_blocking_a_range_from_the_desk_keeps_comments_and_can_be_undone(moderator_client):
    office()
    data = block_data(("", "203.0.113.5", "range"), duration="7")
    _, response = preview_then(moderator_client, data)
    assert response["Location"] == CHANGELIST
    block = BlockedCommenter.objects.get()
    assert block.ip_range == "203.0.113.0/24" and block.note == "Flooding the essays"
    expected = timezone.now() + datetime.timedelta(days=7)
    assert abs(block.expires_at - expected) < datetime.timedelta(minutes=1)
    assert last_message(response).startswith("Blocked range 203.0.113.0/24 until ")
    assert "nothing was trashed" in last_message(response)
    assert Comment.objects.filter(status=Status.PENDING).count() == 2
    undo(moderator_client, undo_token(response))
    assert not BlockedCommenter.objects.exists()


def test_ticking_the_box_trashes_the_listed_comments(moderator_client):
    ann, bo, cy = office()
    data = block_data(("ann@example.com", "203.0.113.5", "range"))
    _, response = preview_then(moderator_client, data, trash_listed="on")
    assert {c.pk for c in Comment.objects.filter(status=Status.TRASH)} == {ann.pk, bo.pk}
    assert "2 comments moved to the trash" in last_message(response)
    assert Comment.objects.get(pk=cy.pk).status == Status.APPROVED
    undo(moderator_client, undo_token(response))
    assert Comment.objects.filter(status=Status.PENDING).count() == 2


def test_a_block_changed_after_its_preview_is_previewed_again(moderator_client):
    office()
    response, _ = preview_then(moderator_client, block_data(("", "203.0.113.5", "address")))
    BlockedCommenter.objects.all().delete()
    token = response.context["settings_form"]["preview"].value()
    wider = block_data(("", "203.0.113.5", "range"), _apply="Block", preview=token)
    wider["trash_listed"] = "on"
    response = moderator_client.post(BLOCK, wider)
    assert response.status_code == HTTPStatus.OK
    assert "This block covers 3 commenters" in response.text
    assert not BlockedCommenter.objects.exists()
    assert not response.context["settings_form"]["trash_listed"].value()


@pytest.mark.parametrize("token", ["", "forged", "x:y:z"])
def test_block_without_a_genuine_preview_only_previews(moderator_client, token):
    office()
    data = block_data(("", "203.0.113.5", "range"), _apply="Block", preview=token)
    response = moderator_client.post(BLOCK, data | {"trash_listed": "on"})
    assert response.status_code == HTTPStatus.OK
    assert not BlockedCommenter.objects.exists()
    assert not Comment.objects.filter(status=Status.TRASH).exists()


def test_another_moderators_preview_does_not_apply(moderator_client, superuser, client):
    from django.core import signing

    office()
    payload = {"t": [["", None, "203.0.113.0/24"]], "p": [], "u": superuser.pk}
    token = signing.dumps(payload, salt=PREVIEW_SALT, compress=True)
    data = block_data(("", "203.0.113.5", "range"), _apply="Block", preview=token)
    assert moderator_client.post(BLOCK, data).status_code == HTTPStatus.OK
    assert not BlockedCommenter.objects.exists()


@pytest.mark.parametrize(
    ("target", "error"),
    [
        (("", "", "address"), "Give an email address or an IP address to block."),
        (("", "203.0.113.5", ""), "Give an email address or an IP address to block."),
        (("not an email", "", ""), "Enter a valid email address."),
        (("", "203.0.113.999", "address"), "Enter a valid IPv4 or IPv6 address."),
    ],
)
def test_the_block_form_explains_what_is_missing(moderator_client, target, error):
    response = moderator_client.post(BLOCK, block_data(target) | {"_preview": "Preview"})
    assert error in response.text
    assert not BlockedCommenter.objects.exists()


def test_a_reason_is_required_and_single_line(moderator_client):
    data = block_data(("pest@example.com", "", ""), note="line\nbreak", _preview="Preview")
    response = moderator_client.post(BLOCK, data)
    assert response.context["settings_form"].errors["note"]
    assert not BlockedCommenter.objects.exists()


def test_the_change_page_links_to_the_block_page_and_the_bulk_action_opens_it(moderator_client):
    comment = CommentFactory()
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert f"{BLOCK}?ids={comment.pk}" in page.text
    data = {"action": "block_commenter", "_selected_action": [comment.pk]}
    response = moderator_client.post(f"{CHANGELIST}?tab=all", data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{BLOCK}?ids={comment.pk}")
    assert not BlockedCommenter.objects.exists()


def test_blocks_are_listed_searchable_filterable_and_lifted(moderator_client):
    past = timezone.now() - datetime.timedelta(days=1)
    BlockedCommenter.objects.create(ip_range="203.0.113.0/24", note="office flood")
    old = BlockedCommenter.objects.create(email="gone@example.com", note="spree", expires_at=past)
    text = moderator_client.get(BLOCKS).text
    assert "range 203.0.113.0/24" in text and "office flood" in text
    found = moderator_client.get(BLOCKS, {"q": "flood"}).context["cl"].result_list
    assert [b.ip_range for b in found] == ["203.0.113.0/24"]
    expired = moderator_client.get(BLOCKS, {"state": "expired"}).context["cl"].result_list
    assert list(expired) == [old]
    data = {"action": "delete_selected", "_selected_action": [old.pk], "post": "yes"}
    moderator_client.post(BLOCKS, data)
    assert list(BlockedCommenter.objects.values_list("note", flat=True)) == ["office flood"]


def test_adding_a_block_goes_through_the_preview(moderator_client):
    response = moderator_client.get(reverse("admin:comments_blockedcommenter_add"))
    assert response["Location"] == BLOCK


def test_editors_and_viewers_cannot_block(editor_client, client, moderator):
    office()
    data = block_data(("", "203.0.113.5", "range"), _preview="Preview")
    assert editor_client.get(BLOCK).status_code == HTTPStatus.FORBIDDEN
    assert editor_client.post(BLOCK, data).status_code == HTTPStatus.FORBIDDEN
    add = reverse("admin:comments_blockedcommenter_add")
    assert editor_client.get(add).status_code == HTTPStatus.FORBIDDEN
    assert not BlockedCommenter.objects.exists()


def test_last_message_mentions_the_email_and_range(moderator_client):
    CommentFactory(author_email="pest@example.com", ip_address="2001:db8:1:2::10")
    data = block_data(("pest@example.com", "2001:db8:1:2::10", "range"))
    _, response = preview_then(moderator_client, data)
    assert last_message(response).startswith(
        "Blocked pest@example.com / range 2001:db8:1:2::/64; nothing was trashed."
    )


def test_staff_who_may_only_look_cannot_open_the_block_page(client):
    from django.contrib.auth.models import Permission

    from tests.factories import StaffFactory

    viewer = StaffFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    assert client.get(BLOCK).status_code == HTTPStatus.FORBIDDEN
    data = block_data(("pest@example.com", "", ""), _preview="Preview")
    assert client.post(BLOCK, data).status_code == HTTPStatus.FORBIDDEN


def test_the_migration_keeps_old_ipv6_blocks_on_their_64():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("comments.migrations.0009_blocks_ranges_and_expiry")
    old_v6 = BlockedCommenter.objects.create(ip_address="2001:db8:5:6::8", note="old")
    old_v4 = BlockedCommenter.objects.create(ip_address="203.0.113.8", note="old")
    migration.keep_ipv6_blocks_on_their_64(apps, None)
    old_v6.refresh_from_db()
    old_v4.refresh_from_db()
    assert (old_v6.ip_range, old_v4.ip_range) == ("2001:db8:5:6::/64", "")
