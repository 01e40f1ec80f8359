"""Admin forms: publishable text, hero images within the pixel limit, and the footnote inline
that checks the body's markers against the footnotes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import UnidentifiedImageError

from essays.citations import find_malformed_markers, find_markers
from essays.images import ImageTooLarge, check_pixels, open_image
from essays.models import Essay
from essays.services import essay_missing_labels, missing_labels_error
from essays.validators import validate_xml_safe_text


class PublishableTextForm(forms.ModelForm):
    """Every text field refuses characters that no feed can carry (essays.validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_xml_safe_text)


class PixelLimitedImageField(forms.ImageField):
    """Refuses an image over IMAGE_MAX_UPLOAD_BYTES, or over IMAGE_MAX_PIXELS from its header,
    before Pillow decodes it."""

    def to_python(self, data):
        if hasattr(data, "read"):  # a new upload
            if (size := getattr(data, "size", 0) or 0) > settings.IMAGE_MAX_UPLOAD_BYTES:
                raise ValidationError(
                    f"This file is {size / 1e6:.1f} MB; images may be at most "
                    f"{settings.IMAGE_MAX_UPLOAD_BYTES / 1e6:.0f} MB. Export a smaller copy "
                    "(2,400 px wide is plenty for every rendition).",
                    code="too_many_bytes",
                )
            try:
                with open_image(data) as image:
                    check_pixels(image.size)
            except ImageTooLarge as error:
                raise ValidationError(str(error), code="too_many_pixels") from None
            except (UnidentifiedImageError, OSError):
                pass  # forms.ImageField says that it is not an image
            finally:
                data.seek(0)
        return super().to_python(data)


class EssayAdminForm(PublishableTextForm):
    class Meta:
        field_classes = {"hero_image": PixelLimitedImageField}
        help_texts = {
            "body": "Markdown. Insert note (Ctrl+Alt+N) places a [^label] marker and its note; "
            "a marker typed by hand gets its note under Footnotes when you save. Insert image "
            "(Ctrl+Alt+M) places ![alt text](media:12), a figure from the media library."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publish_at" in self.fields:
            # The admin's split widget shows "Date:" and "Time:" as text, not as labels.
            date, time = self.fields["publish_at"].widget.widgets
            date.attrs["aria-label"], time.attrs["aria-label"] = "Publish date", "Publish time"
        if "body" in self.fields:
            # Read by static/js/editor.js: where the live preview and the source search are.
            self.fields["body"].widget.attrs.update(
                {
                    "rows": 24,
                    "data-preview-url": reverse("essays:preview-render"),
                    "data-sources-url": reverse("admin:autocomplete"),
                }
            )


class FootnoteForm(PublishableTextForm):
    """A note row: its label comes from the body, so a stored row's label cannot be edited
    here (the marker in the body would no longer match)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "label" in self.fields:
            self.fields["label"].disabled = True
        # A table row has no <label>s: each control is named after its column.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pinpoint") and not (cleaned.get("source") or cleaned.get("commentary")):
            raise ValidationError(
                "A footnote needs a source, commentary, or both.", code="pinpoint_without_source"
            )
        return cleaned

    def is_written(self) -> bool:
        """Has a source or commentary: what readers can be shown (FootnoteQuerySet.written)."""
        return bool(self.cleaned_data.get("source") or self.cleaned_data.get("commentary"))


class FootnoteInlineFormSet(forms.BaseInlineFormSet):
    """Refuses a published essay citing undefined notes; collects warnings for the rest.

    The admin builds the essay from its form before validating inlines, so `self.instance`
    carries the body and status being saved.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this note"

    def clean(self):
        self.warnings: list[str] = []
        if any(self.errors):
            return super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("label") and not self._should_delete_form(form)
        ]
        labels = [form.cleaned_data["label"] for form in kept]
        written = [form.cleaned_data["label"] for form in kept if form.is_written()]
        if duplicates := sorted({label for label in labels if labels.count(label) > 1}):
            raise ValidationError(
                "Each footnote needs its own label; %(labels)s %(verb)s used more than once.",
                code="duplicate_labels",
                params={
                    "labels": ", ".join(f"[^{label}]" for label in duplicates),
                    "verb": "is" if len(duplicates) == 1 else "are",
                },
            )
        super().clean()
        body = self.instance.body or ""
        cited = find_markers(body)
        missing = essay_missing_labels(essay=self.instance, labels=written)
        if missing and self.instance.status == Essay.Status.PUBLISHED:
            raise missing_labels_error(missing)
        if missing:
            self.warnings.append(
                "This draft cites notes that are not written yet: "
                f"{_markers(missing)}. It cannot be published until they do."
            )
        # Empty rows without a marker are removed on save (essay_sync_footnotes), unmentioned.
        if unused := [label for label in written if label not in cited]:
            self.warnings.append(
                f"No marker in the body uses {_markers(unused)}, so readers will not see "
                f"{'that footnote' if len(unused) == 1 else 'those footnotes'}."
            )
        if malformed := find_malformed_markers(body):
            self.warnings.append(
                f"Not read as footnote markers, and shown to readers as typed: "
                f"{', '.join(dict.fromkeys(malformed))}. A marker is [^label], the label made of "
                "letters, digits and - _ . : only."
            )


def _markers(labels: list[str]) -> str:
    return ", ".join(f"[^{label}]" for label in labels)


class PreviewForm(forms.Form):
    """The fields of the essay form that the preview renders; nothing is saved."""

    body = forms.CharField(required=False, strip=False)
    note_style = forms.ChoiceField(choices=Essay.NoteStyle.choices)
    citation_style = forms.ChoiceField(choices=Essay.CitationStyle.choices)


class PreviewNoteForm(forms.Form):
    """A note row as the essay form posts it; the source is an id, looked up with the rest."""

    label = forms.CharField(required=False, max_length=40)
    source = forms.IntegerField(required=False, min_value=1)
    pinpoint = forms.CharField(required=False, max_length=60)
    commentary = forms.CharField(required=False)


# The essay form's footnote rows ("footnotes-0-label", ...); a bound on rows as on the form.
PREVIEW_MAX_NOTES = 500
PreviewNoteFormSet = forms.formset_factory(
    PreviewNoteForm,
    can_delete=True,
    extra=0,
    max_num=PREVIEW_MAX_NOTES,
    absolute_max=PREVIEW_MAX_NOTES,
    validate_max=True,
)
