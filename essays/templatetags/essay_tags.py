import json

from django import template
from django.conf import settings
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def json_ld(data) -> str:
    """Serialise `data` for a JSON-LD script block, escaped as json_script escapes."""
    escaped = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(escaped)  # noqa: S308


@register.simple_tag
def absolute(path: str) -> str:
    """An absolute URL on the canonical site for `path`."""
    return settings.SITE_URL + path
