"""Admin forms: publishable text, hero images within the pixel limit, and the footnote inline
that checks the body's markers against the footnotes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
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
    """Refuses an image over IMAGE_MAX_PIXELS from its header, before Pillow decodes it."""

    def to_python(self, data):
        if hasattr(data, "read"):  # a new upload
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


class FootnoteInlineFormSet(forms.BaseInlineFormSet):
    """Refuses a published essay citing undefined notes; collects warnings for the rest.

    The admin builds the essay from its form before validating inlines, so `self.instance`
    carries the body and status being saved.
    """

    def clean(self):
        self.warnings: list[str] = []
        if any(self.errors):
            return super().clean()
        labels = [
            form.cleaned_data["label"]
            for form in self.forms
            if form.cleaned_data.get("label") and not self._should_delete_form(form)
        ]
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
        missing = essay_missing_labels(essay=self.instance, labels=labels)
        if missing and self.instance.status == Essay.Status.PUBLISHED:
            raise missing_labels_error(missing)
        if missing:
            self.warnings.append(
                "This draft cites notes that do not exist yet: "
                f"{_markers(missing)}. It cannot be published until they do."
            )
        if unused := [label for label in labels if label not in cited]:
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
