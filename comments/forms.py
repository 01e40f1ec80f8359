"""The comment form: what readers type, checked before anything is stored."""

from __future__ import annotations

import time
from urllib.parse import unquote, unquote_to_bytes

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from comments.models import Comment
from comments.params import positive_int
from comments.passages import QUOTE_READ, passage_param
from comments.validators import (
    validate_no_control_characters,
    validate_single_line,
    validate_website_url,
)

TIMESTAMP_SALT = "comments.form-timestamp"
# What is kept of a filled honeypot: enough to show moderators, never megabytes.
HONEYPOT_KEPT = 200
# A field no human sees; bots that fill every field give themselves away.
HONEYPOT_FIELD = "homepage_url"


class _SignerAt(signing.TimestampSigner):
    """A TimestampSigner that signs as of `at`, so the same `at` gives the same bytes."""

    def __init__(self, *, at: float, **kwargs):
        super().__init__(**kwargs)
        self.at = at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.at))


def sign_timestamp(essay_id: int, *, at: float | None = None) -> str:
    """The form's signed timestamp: now, or `at` (the start of a cached page's window, so
    every reader of that copy gets the same bytes); read back with signing.loads()."""
    at = time.time() if at is None else at
    return _SignerAt(at=at, salt=TIMESTAMP_SALT).sign_object({"essay": essay_id, "t": at})


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label="Name", max_length=settings.COMMENTS_MAX_NAME_LENGTH, strip=True
    )
    author_email = forms.EmailField(
        label="Email", max_length=254, help_text="Never shown. Used to recognise you next time."
    )
    author_url = forms.CharField(
        label="Website", max_length=settings.COMMENTS_MAX_URL_LENGTH, required=False
    )
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=settings.COMMENTS_MAX_BODY_LENGTH,
        help_text="Links, <em>, <strong>, <code>, <blockquote> and <q> work. "
        "A blank line starts a new paragraph.",
    )
    remember = forms.BooleanField(label="Remember me in this browser", required=False)
    notify_replies = forms.BooleanField(
        label="Notify me of replies by e-mail",
        required=False,
        help_text="We mail you a link to confirm first; every mail has a one-click unsubscribe.",
    )
    parent = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    # The passage answered (comments/passages.py): filled by the margin control or a
    # selection, checked against the essay when posted; never a reason to refuse the text.
    # Plain fields: a CharField would refuse a NUL with an error the reader cannot correct.
    anchor_id = forms.Field(required=False, widget=forms.HiddenInput)
    anchor_quote = forms.Field(required=False, widget=forms.HiddenInput)
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage_url = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, essay, **kwargs):
        self.essay = essay
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("timestamp", sign_timestamp(essay.pk))
        for name in ("author_name", "author_email", "body", "author_url"):
            self.fields[name].validators.append(validate_no_control_characters)
        for name in ("author_name", "author_email"):
            self.fields[name].validators.append(validate_single_line)
        self.fields["author_name"].widget.attrs["autocomplete"] = "name"
        self.fields["author_email"].widget.attrs["autocomplete"] = "email"
        self.fields["author_url"].widget.attrs.update({"autocomplete": "url", "inputmode": "url"})

    def clean_author_url(self):
        value = self.cleaned_data["author_url"].strip()
        return validate_website_url(value) if value else ""

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write something before posting.", code="required")
        return body

    def clean_anchor_id(self):
        return passage_param(self.cleaned_data.get("anchor_id")) or ""

    def clean_anchor_quote(self):
        # Only matched against the essay's text (comments/passages.py), never stored as sent.
        return str(self.cleaned_data.get("anchor_quote") or "")[:QUOTE_READ]

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        parent_id = positive_int(value)
        parent = (
            parent_id and Comment.objects.public().filter(pk=parent_id, essay=self.essay).first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not available any more.", code="parent"
            )
        return parent

    def spam_signals(self) -> dict:
        """Cheap signals for the spam check: honeypot and time taken to fill the form."""
        honeypot = str(self.data.get(HONEYPOT_FIELD, ""))[:HONEYPOT_KEPT]
        signals = {"honeypot_field": HONEYPOT_FIELD, "honeypot": honeypot}
        try:
            stamp = signing.loads(
                self.data.get("timestamp", ""),
                salt=TIMESTAMP_SALT,
                max_age=settings.COMMENTS_FORM_MAX_AGE_HOURS * 3600,
            )
            if stamp.get("essay") != self.essay.pk:
                raise signing.BadSignature("form of another essay")
            signals["seconds_to_submit"] = round(time.time() - stamp["t"], 2)
        except signing.SignatureExpired:
            signals["timestamp_expired"] = True
        except (signing.BadSignature, TypeError, KeyError):
            signals["timestamp_invalid"] = True
        return signals


class FollowForm(forms.Form):
    """The "Follow this discussion" form: an address to mail about every new comment."""

    email = forms.EmailField(
        label="Email", max_length=254, validators=[validate_no_control_characters]
    )


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=settings.COMMENTS_MAX_BODY_LENGTH,
        validators=[validate_no_control_characters],
    )


def add_undecodable_errors(form: CommentForm, request: HttpRequest) -> bool:
    """Add a form error for each field whose bytes are not UTF-8; True if there was one.

    Django decodes form data with errors="replace", so invalid bytes would otherwise be
    stored as U+FFFD without the commenter ever knowing.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    refused = False
    for pair in request.body.split(b"&"):
        name, _, value = pair.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            field = unquote(name.decode("latin-1"))
            form.add_error(
                field if field in form.fields else None,
                "This contains bytes that are not valid text (UTF-8). Retype it and try again.",
            )
            refused = True
    return refused
