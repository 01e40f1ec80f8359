"""The admin's "N comments awaiting moderation" (every admin page, one COUNT query), and the
spam service's banner (the comment list and the admin index)."""

from django import template

from comments.admin.queue import awaiting_count
from comments.admin.rows import result_list_context
from comments.spam.health import spam_service_headline

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_awaiting_moderation(context) -> int | None:
    """How many comments wait for a moderator; None for users who may not moderate."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.can_moderate"):
        return None
    return awaiting_count(request)


@register.inclusion_tag("admin/comments/_spam_service_banner.html", takes_context=True)
def spam_service_banner(context) -> dict:
    """A warning or error about the spam check, for users who may moderate (two queries)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.can_moderate"):
        return {"level": None}
    level, message = spam_service_headline()
    return {"level": None if level == "ok" else level, "message": message}


@register.inclusion_tag("admin/comments/comment/_queue_results.html")
def queue_result_list(changelist) -> dict:
    """The admin's {% result_list %} for the comment queue, each row joined in Python."""
    return result_list_context(changelist)
