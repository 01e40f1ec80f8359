"""The commenter's own cookies: the comments this browser posted, and a remembered name.

Both are signed. Pages that show either are personal: never cached, never shared.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from comments.params import positive_int

OWN_COMMENTS_COOKIE = "own_comments"
OWN_COMMENTS_SALT = "comments.own"
OWN_COMMENTS_KEPT = 20
REMEMBER_COOKIE = "comment_author"
REMEMBER_SALT = "comments.remember"
REMEMBERED_FIELDS = ("author_name", "author_email", "author_url")
# A reader with either cookie sees something of their own on an essay page.
COMMENTER_COOKIES = (OWN_COMMENTS_COOKIE, REMEMBER_COOKIE)


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Comments this browser posted, from the signed cookie set when posting."""
    value = request.get_signed_cookie(OWN_COMMENTS_COOKIE, default="", salt=OWN_COMMENTS_SALT)
    ids = (positive_int(part) for part in value.split(","))
    return [pk for pk in ids if pk is not None][-OWN_COMMENTS_KEPT:]


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = [*own_comment_ids(request), comment_id][-OWN_COMMENTS_KEPT:]
    response.set_signed_cookie(
        OWN_COMMENTS_COOKIE,
        ",".join(map(str, ids)),
        salt=OWN_COMMENTS_SALT,
        max_age=30 * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def remember_author(response: HttpResponse, cleaned_data: dict) -> None:
    """Keep name, email and website in a cookie only if the reader asked for it."""
    if not cleaned_data.get("remember"):
        response.delete_cookie(REMEMBER_COOKIE)
        return
    value = json.dumps({key: cleaned_data[key] for key in REMEMBERED_FIELDS})
    response.set_signed_cookie(
        REMEMBER_COOKIE,
        value,
        salt=REMEMBER_SALT,
        max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def remembered_author(request: HttpRequest) -> dict:
    """Name, email and website from the remember-me cookie; empty if none or tampered with."""
    try:
        value = request.get_signed_cookie(REMEMBER_COOKIE, default="", salt=REMEMBER_SALT)
        data = json.loads(value) if value else {}
    except (signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data.get(key, "")) for key in REMEMBERED_FIELDS}
