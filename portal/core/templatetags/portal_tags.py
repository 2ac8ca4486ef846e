from django import template
from django.utils.html import format_html

from portal.core.submissions import FIELD, submission_token_issue

register = template.Library()


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value).startswith(prefix)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dict lookups with a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def submission_token(context, purpose: str) -> str:
    """The hidden one-time token of a form that creates something (see
    ``portal.core.submissions``): ``{% submission_token "moderation.note" %}``."""
    token = submission_token_issue(user=context["request"].user, purpose=purpose)
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
