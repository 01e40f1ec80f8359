"""The desk's forms: a moderator's edit of a comment, on its page or in a row of the queue."""

from __future__ import annotations

from django import forms

from comments import services
from comments.models import Comment
from comments.services import QuickEdit
from comments.validators import (
    validate_no_control_characters,
    validate_single_line,
    validate_website_url,
)

# What a reader typed, and a moderator may correct.
READER_FIELDS = ["author_name", "author_email", "author_url", "body"]


class CommentAdminForm(forms.ModelForm):
    # A CharField: validate_website_url decides what a website may be, as on the public form.
    author_url = forms.CharField(label="Website", max_length=200, required=False)

    class Meta:
        model = Comment
        fields = READER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in READER_FIELDS:  # the desk's own fields: status, version
                continue
            field.validators.append(validate_no_control_characters)
            if name in ("author_name", "author_email"):
                field.validators.append(validate_single_line)

    def clean_author_url(self):
        value = self.cleaned_data["author_url"].strip()
        return validate_website_url(value) if value else ""

    def clean(self):
        data = super().clean()
        body, email = data.get("body"), data.get("author_email")
        duplicate = Comment.objects.filter(
            essay_id=self.instance.essay_id,
            author_email=email,
            body_hash=services.body_fingerprint(body or ""),
        ).exclude(pk=self.instance.pk)
        if body and email and duplicate.exists():
            raise forms.ValidationError(
                "This author already posted the same text on this essay; change the text, or "
                "trash one of the two comments."
            )
        return data


class QuickEditForm(CommentAdminForm):
    """Author, text and status in one small form; `version` is the one the moderator edits."""

    status = forms.ChoiceField(choices=Comment.Status.choices)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    class Meta(CommentAdminForm.Meta):
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        labels = {"body": "Text"}

    def __init__(self, *args, **kwargs):
        comment = kwargs["instance"]
        kwargs.setdefault("initial", {"status": comment.status, "version": comment.content_version})
        # Several rows may hold a form at once: ids name the comment.
        kwargs.setdefault("auto_id", f"cm-{comment.pk}-%s")
        super().__init__(*args, **kwargs)

    def quick_edit(self) -> QuickEdit:
        data = self.cleaned_data
        return QuickEdit(
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data["author_url"],
            body=data["body"],
            status=data["status"],
        )
