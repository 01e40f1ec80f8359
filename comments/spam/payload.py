"""Comment-check payloads as they go on the wire: field names, dates, empty values, no key."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

ROLE_ADMINISTRATOR = "administrator"
# Credentials travel only in the form the client adds them to, never in a stored payload.
SECRET_FIELDS = frozenset({"api_key", "key"})


def build_payload(
    *,
    user_ip: str,
    user_agent: str = "",
    referrer: str = "",
    permalink: str = "",
    comment_author: str = "",
    comment_author_email: str = "",
    comment_author_url: str = "",
    comment_content: str = "",
    comment_date_gmt: datetime | str | None = None,
    comment_post_modified_gmt: datetime | str | None = None,
    blog_lang: str = "",
    user_role: str = "",
    honeypot_field_name: str = "",
    honeypot_value: str = "",
    recheck_reason: str = "",
    comment_type: str = "comment",
) -> dict[str, str]:
    """Assemble a comment-check payload, dropping empty fields and formatting dates as ISO 8601.

    ``comment_type`` stays ``comment`` (Akismet's ``reply`` means a forum reply); pass
    ``user_role=ROLE_ADMINISTRATOR`` for staff. The honeypot value is sent under the honeypot
    field's own name even when empty, because an empty honeypot is itself a signal.
    """
    fields: dict[str, object] = {
        "user_ip": user_ip,
        "user_agent": user_agent,
        "referrer": referrer,
        "permalink": permalink,
        "comment_type": comment_type,
        "comment_author": comment_author,
        "comment_author_email": comment_author_email,
        "comment_author_url": comment_author_url,
        "comment_content": comment_content,
        "comment_date_gmt": comment_date_gmt,
        "comment_post_modified_gmt": comment_post_modified_gmt,
        "blog_lang": blog_lang,
        "user_role": user_role,
        "recheck_reason": recheck_reason,
    }
    if honeypot_field_name:
        if honeypot_field_name in fields or honeypot_field_name in SECRET_FIELDS:
            raise ValueError(f"honeypot_field_name {honeypot_field_name!r} clashes with a field.")
        fields["honeypot_field_name"] = honeypot_field_name
        fields[honeypot_field_name] = honeypot_value
    return clean_payload(fields)


def clean_payload(payload: Mapping[str, object]) -> dict[str, str]:
    """Drop empty values and credentials; turn the rest into strings as they go on the wire."""
    honeypot = payload.get("honeypot_field_name")
    cleaned: dict[str, str] = {}
    for name, value in payload.items():
        if name in SECRET_FIELDS:
            continue
        if isinstance(value, datetime):
            # Naive datetimes are taken as UTC, which is what the *_gmt fields promise.
            aware = value if value.tzinfo else value.replace(tzinfo=UTC)
            value = aware.astimezone(UTC).isoformat()
        elif isinstance(value, bool):
            value = "1" if value else ""
        elif value is not None:
            value = str(value)
        if value or (name == honeypot and value is not None):
            cleaned[name] = value
    return cleaned
