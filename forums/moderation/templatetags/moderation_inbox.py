"""The member's unread messages from the moderators, for the account menus."""

from __future__ import annotations

from django import template

from forums.moderation.selectors import unread_message_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_moderator_messages(context) -> int:
    """How many of the signed-in member's messages are unread (one query per request,
    however many menus show it)."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):  # error pages may lack the user
        return 0
    if not hasattr(request, "_unread_moderator_messages"):
        request._unread_moderator_messages = unread_message_count(user=request.user)
    return request._unread_moderator_messages
