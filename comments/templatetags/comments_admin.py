"""The admin's "N comments awaiting moderation", for every admin page (one COUNT query)."""

from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_awaiting_moderation(context) -> int | None:
    """How many comments wait for a moderator; None for users who may not moderate."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.can_moderate"):
        return None
    return Comment.objects.in_moderation().count()
