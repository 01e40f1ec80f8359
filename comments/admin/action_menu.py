"""The queue's bulk-action menu, its widgets printed in Python.

Django renders a select through a template per option and another for each option's
attributes: about a millisecond of every queue page for ten actions. These widgets print
the same markup (tests/comments/test_queue_speed.py compares them with Django's).
"""

from __future__ import annotations

from html import escape

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html prints them: in order, True as a bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, (list, tuple)) for _, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        printed = attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value in it is escaped
            f'<select name="{escape(name)}"{printed}>{options}</select>'
        )


class PlainHiddenInput(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        printed = attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value in it is escaped
            f'<input type="hidden" name="{escape(name)}"{shown}{printed}>'
        )


class QueueActionForm(ActionForm):
    """Django's ActionForm with the widgets above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action, across = self.fields["action"], self.fields["select_across"]
        action.widget = PlainSelect(choices=action.choices)
        across.widget = PlainHiddenInput(across.widget.attrs)
