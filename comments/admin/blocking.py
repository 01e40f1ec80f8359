"""Blocking from the desk: say what to block, read who and what it covers, then block.

The preview is signed: Block applies only what was previewed, and trashes (when ticked) only
the pending comments the preview listed, at the versions it showed.
"""

from __future__ import annotations

import datetime
from dataclasses import astuple, dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from comments.admin.actions import plural
from comments.client_ip import ip_range
from comments.models import Comment
from comments.params import positive_int
from comments.services import BlockTarget, block_preview, commenters_block
from comments.validators import validate_no_control_characters, validate_single_line

PREVIEW_SALT = "comments.admin.block-preview"
PREVIEW_SECONDS = 3600
MAX_TARGETS = 20
DURATIONS = [("", "Until lifted"), ("1", "1 day"), ("7", "7 days"), ("30", "30 days"),
             ("90", "90 days")]  # fmt: skip
IP_SCOPES = [
    ("address", "This address only"),
    ("range", "Its whole range (an IPv4 /24, an IPv6 /64): everyone on that network"),
    ("", "Not the IP address"),
]


class BlockTargetForm(forms.Form):
    email = forms.EmailField(required=False, max_length=254, help_text="Empty: not the email.")
    ip_address = forms.GenericIPAddressField(label="IP address", required=False)
    ip_scope = forms.ChoiceField(
        label="Block", choices=IP_SCOPES, required=False, initial="address",
        widget=forms.RadioSelect,
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("email") and not (data.get("ip_address") and data.get("ip_scope")):
            raise forms.ValidationError("Give an email address or an IP address to block.")
        return data

    def target(self) -> BlockTarget:
        data = self.cleaned_data
        address, scope = data["ip_address"] or None, data["ip_scope"]
        return BlockTarget(
            email=data["email"].lower(),
            ip_address=address if scope == "address" else None,
            ip_range=ip_range(address) if scope == "range" else "",
        )


BlockTargetFormSet = forms.formset_factory(
    BlockTargetForm, extra=0, min_num=1, max_num=MAX_TARGETS, validate_min=True,
    validate_max=True,
)  # fmt: skip


class BlockSettingsForm(forms.Form):
    note = forms.CharField(
        label="Reason",
        max_length=200,
        validators=[validate_no_control_characters, validate_single_line],
        help_text="Moderators read it in the list of blocks.",
    )
    duration = forms.ChoiceField(label="For", choices=DURATIONS, required=False)
    trash_listed = forms.BooleanField(
        label="Also move the pending comments listed below to the trash", required=False
    )
    preview = forms.CharField(widget=forms.HiddenInput, required=False)

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data["duration"]
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None


@dataclass(frozen=True)
class Previewed:
    targets: list[BlockTarget]
    pending: dict[int, int]  # comment id → content_version shown


def preview_token(previewed: Previewed, user) -> str:
    payload = {
        "t": [astuple(target) for target in previewed.targets],
        "p": list(previewed.pending.items()),
        "u": user.pk,
    }
    return signing.dumps(payload, salt=PREVIEW_SALT, compress=True)


def previewed_from_token(token: str, user) -> Previewed | None:
    """What the moderator was shown; None when the token is forged, old or another's."""
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_SECONDS)
        if payload["u"] != user.pk:
            return None
        targets = [BlockTarget(str(e), ip and str(ip), str(net)) for e, ip, net in payload["t"]]
        return Previewed(targets, {int(pk): int(version) for pk, version in payload["p"]})
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def block_url(comment_ids, next_url: str = "") -> str:
    query = {"ids": ",".join(str(pk) for pk in comment_ids)}
    if next_url:
        query["next"] = next_url
    return f"{reverse('admin:comments_comment_block')}?{urlencode(query)}"


def initial_targets(request) -> list[dict]:
    """One target per commenter (email and IP) of the comments named in ?ids=."""
    ids = [positive_int(part) for part in request.GET.get("ids", "").split(",")[:MAX_TARGETS]]
    comments = Comment.objects.filter(pk__in=[pk for pk in ids if pk]).order_by("pk")
    seen = dict.fromkeys(comments.values_list("author_email", "ip_address"))
    return [{"email": email, "ip_address": ip, "ip_scope": "address"} for email, ip in seen] or [{}]


class BlockDesk:
    """CommentAdmin's block page (admin:comments_comment_block); its _message_with_undo and
    _next_url report and redirect as the other actions do."""

    def block_view(self, request):
        if not self.has_block_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            targets = BlockTargetFormSet(initial=initial_targets(request), prefix="target")
            return self._block_page(request, targets, BlockSettingsForm())
        targets = BlockTargetFormSet(request.POST, prefix="target")
        settings_form = BlockSettingsForm(request.POST)
        if not (targets.is_valid() and settings_form.is_valid()):
            return self._block_page(request, targets, settings_form)
        wanted = [form.target() for form in targets]
        if "_apply" in request.POST:
            token = settings_form.cleaned_data["preview"]
            shown = previewed_from_token(token, request.user)
            if shown is not None and shown.targets == wanted:
                return self._block_apply(request, shown, settings_form)
            messages.warning(
                request, "What to block changed since the preview: read it again, then block."
            )
        preview = block_preview(targets=wanted)
        data = request.POST.copy()
        data.pop("trash_listed", None)  # a tick is for the list shown with it, not a new one
        data["preview"] = preview_token(Previewed(wanted, preview.pending_versions()), request.user)
        return self._block_page(request, targets, BlockSettingsForm(data), preview)

    def _block_apply(self, request, shown: Previewed, settings_form) -> HttpResponseRedirect:
        data, expires_at = settings_form.cleaned_data, settings_form.expires_at()
        undo = commenters_block(
            targets=shown.targets,
            note=data["note"],
            expires_at=expires_at,
            actor=request.user,
            trash=shown.pending if data["trash_listed"] else {},
        )
        named = "; ".join(" / ".join(t.as_block().targets()) for t in shown.targets)
        until = f" until {timezone.localtime(expires_at):%Y-%m-%d %H:%M}" if expires_at else ""
        moved = len(undo.changes)
        trashed = f"{plural(moved)} moved to the trash" if moved else "nothing was trashed"
        next_url = self._next_url(request)
        self._message_with_undo(request, f"Blocked {named}{until}; {trashed}.", undo, next_url)
        return HttpResponseRedirect(next_url)

    def _block_page(self, request, targets, settings_form, preview=None) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Block commenters",
            "opts": self.opts,
            "targets": targets,
            "settings_form": settings_form,
            "preview": preview,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "blocks_url": reverse("admin:comments_blockedcommenter_changelist"),
        }
        return TemplateResponse(request, "admin/comments/comment/block.html", context)
